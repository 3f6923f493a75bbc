import { expect, test } from '@playwright/test';
import { startCollector, tempDir } from './support/collector';
import { event as fixtureEvent } from '../../packages/collector/test/support/fixtures';
import { readLocalRows } from './support/lake';

const event = (n: number) => fixtureEvent({ site_id: 'crash-site', action: 'Crash test', action_type: 'custom', attributes: { n } });

test('SIGKILL right after acknowledging: every acknowledged event reaches the lake after restart', async () => {
  const lakeDir = tempDir('lake');
  const spoolDir = tempDir('spool');
  // a long flush interval: acknowledged events sit only in the spool when the process dies
  const env = { LAKE_DIR: lakeDir, SPOOL_DIR: spoolDir, FLUSH_INTERVAL_MS: '600000', COLLECTOR_ID: 'crashy' };
  const first = await startCollector(env);

  const acknowledged: string[] = [];
  let n = 0;
  const batches = Array.from({ length: 20 }, () => Array.from({ length: 25 }, () => event(++n)));
  const answers = await Promise.all(
    batches.map(async (events) => {
      const res = await fetch(`${first.url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sent_at: new Date().toISOString(), events }),
      });
      return { res, body: await res.json(), events };
    }),
  );
  for (const { res, body, events } of answers) {
    expect(res.status).toBe(200);
    expect(body).toEqual({ accepted: events.length, rejected: 0, errors: [] });
    acknowledged.push(...events.map((e) => e.event_id as string));
  }
  await first.kill('SIGKILL');
  expect(readLocalRows(lakeDir)).toEqual([]);

  const second = await startCollector(env);
  try {
    await expect
      .poll(() => readLocalRows(lakeDir).map((r) => r.row.event_id).sort(), { timeout: 30_000 })
      .toEqual([...acknowledged].sort());
  } finally {
    await second.kill('SIGTERM');
  }
});

test('SIGTERM flushes the spool to the lake before exiting', async () => {
  const lakeDir = tempDir('lake');
  const c = await startCollector({ LAKE_DIR: lakeDir, SPOOL_DIR: tempDir('spool'), FLUSH_INTERVAL_MS: '600000' });
  const events = Array.from({ length: 10 }, (_, i) => event(i + 1));
  const res = await fetch(`${c.url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ sent_at: new Date().toISOString(), events }),
  });
  expect(res.status).toBe(200);
  expect(await c.kill('SIGTERM')).toBe(0);
  expect(readLocalRows(lakeDir).map((r) => r.row.attributes.n).sort((a, b) => a - b)).toEqual(events.map((_, i) => i + 1));
});
