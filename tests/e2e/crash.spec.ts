import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
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

test('kill -9 in a loop under load: every acknowledged event is in the lake exactly once', async () => {
  test.setTimeout(120_000);
  const lakeDir = tempDir('lake');
  const spoolDir = tempDir('spool');
  // frequent small flushes over many partitions (sites), so kills land between the objects of a segment;
  // no COLLECTOR_ID: the default (host and pid) changes with every restart
  const env = { LAKE_DIR: lakeDir, SPOOL_DIR: spoolDir, FLUSH_INTERVAL_MS: '100', FLUSH_MAX_BYTES: '20000', RATE_LIMIT_RPS: '0' };
  const sites = Array.from({ length: 12 }, (_, i) => `loop-${i}`);
  const acknowledged: string[] = [];
  let n = 0;
  for (let round = 0; round < 6; round++) {
    const c = await startCollector(env);
    let stop = false;
    const sender = async () => {
      while (!stop) {
        const events = Array.from({ length: 20 }, (_, i) => fixtureEvent({ site_id: sites[(n + i) % sites.length], action: 'Loop', action_type: 'custom', attributes: { n: ++n } }));
        try {
          const res = await fetch(`${c.url}/v1/batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ sent_at: new Date().toISOString(), events }),
          });
          if (res.status === 200) acknowledged.push(...events.map((e) => e.event_id as string));
        } catch {
          // the process died mid-request: not acknowledged
        }
      }
    };
    const senders = Array.from({ length: 4 }, sender);
    // kill once some batches are acknowledged and flushes are under way, a little later each round
    const before = acknowledged.length;
    for (let waited = 0; acknowledged.length < before + 200 && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100 + round * 80));
    await c.kill('SIGKILL');
    stop = true;
    await Promise.all(senders);
  }
  const last = await startCollector(env);
  expect(await last.kill('SIGTERM')).toBe(0); // uploads what the spool still holds
  const counts = new Map<string, number>();
  for (const { row } of readLocalRows(lakeDir)) counts.set(row.event_id, (counts.get(row.event_id) ?? 0) + 1);
  expect(acknowledged.length).toBeGreaterThan(6 * 200);
  expect(acknowledged.filter((id) => !counts.has(id))).toEqual([]);
  expect([...counts].filter(([, c]) => c > 1).length).toBe(0);
});

test('SIGTERM against a silent S3 exits within SHUTDOWN_TIMEOUT_MS, leaving the events in the spool', async () => {
  // accepts connections, never answers: the AWS SDK alone would wait 30 s × 3 attempts per object
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const spoolDir = tempDir('spool');
  try {
    const c = await startCollector({
      SPOOL_DIR: spoolDir, FLUSH_INTERVAL_MS: '600000', SHUTDOWN_TIMEOUT_MS: '2000',
      S3_BUCKET: 'lake', S3_ENDPOINT: `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
    const events = [event(1), event(2)];
    const res = await fetch(`${c.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sent_at: new Date().toISOString(), events }),
    });
    expect(res.status).toBe(200);
    const t0 = Date.now();
    const code = await c.kill('SIGTERM');
    const took = Date.now() - t0;
    expect(code).toBe(1); // could not flush: said so, kept the spool
    expect(took).toBeLessThan(2_000 + 2_000);
    const spooled = fs.readdirSync(spoolDir).filter((f) => f.startsWith('seg-')).map((f) => fs.readFileSync(path.join(spoolDir, f), 'utf8')).join('');
    for (const e of events) expect(spooled).toContain(e.event_id as string);
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
});
