/**
 * WORKERS=2 behaves as one collector (issue 23, items 1, 2 and 8): a repeat is stored once
 * whichever worker it reaches, an edit of the action definitions shows in every worker's answer at
 * once, a new suppression list applies in all workers together, and one scrape of /metrics counts
 * every worker. The real server process on a real port; each request on a new connection, so the
 * primary hands consecutive requests to the workers in turn.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashId, encodeSuppressed, suppressedKey } from '../src/suppress/file';
import { batch, event, lakeRows, tempDir, waitFor } from './support/harness';
import { sample, startServer, type ServerProcess } from './support/server-process';

const ADMIN = { authorization: 'Bearer secret', 'content-type': 'application/json' };
const definition = (i: number) => ({ name: `Action ${i}`, selector: `#b${i}` });

describe('WORKERS=2 is one collector', () => {
  it('stores a batch sent twice (and again in capitals) once, and still after a restart', async () => {
    const root = tempDir('shared-dedup');
    const running: ServerProcess[] = [];
    try {
      const server = await startServer(root, 2, { FLUSH_INTERVAL_MS: '300' });
      running.push(server);
      const events = Array.from({ length: 20 }, () => event());
      const capitals = events.slice(0, 5).map((e) => ({ ...e, event_id: (e.event_id as string).toUpperCase() }));
      // the same batch four times: each worker gets it twice (one worker stores, the other repeats)
      for (let i = 0; i < 4; i++) expect(await (await server.post(batch(events))).json()).toMatchObject({ accepted: 20 });
      for (let i = 0; i < 2; i++) expect(await (await server.post(batch(capitals))).json()).toMatchObject({ accepted: 5 });
      // a repeat is counted by the worker it reaches twice at once, or by the flush that leaves it out
      // of the lake because the other worker's segment holds it
      const counts = async () => {
        const text = await (await server.request('/metrics')).text();
        return [sample(text, 'actionlake_events_accepted_total'), sample(text, 'actionlake_events_duplicate_total')];
      };
      expect(await waitFor(counts, ([, duplicates]) => duplicates === 70, 20_000)).toEqual([90, 70]);
      expect(await server.stop()).toBe(0);
      const stored = () => lakeRows(path.join(root, 'lake'), 'events/').map((r) => r.row.event_id as string).sort();
      expect(stored()).toEqual(events.map((e) => e.event_id as string).sort());
      expect(fs.readFileSync(path.join(root, 'spool', 'dedup-window.txt'), 'utf8').split('\n').sort()).toEqual(stored());

      // the window is kept across a restart, with workers or without
      for (const workers of [2, 1]) {
        const again = await startServer(root, workers);
        running.push(again);
        for (let i = 0; i < 2; i++) expect((await again.post(batch(events))).status).toBe(200);
        expect(await again.stop()).toBe(0);
        expect(stored()).toEqual(events.map((e) => e.event_id as string).sort());
      }
    } finally {
      for (const s of running) if (s.proc.exitCode === null) await s.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);

  it('an edit saved through one worker is what every worker answers at once, and its version can be edited', async () => {
    const root = tempDir('shared-actions');
    const server = await startServer(root, 2, { ADMIN_TOKEN: 'secret', ACTIONS_CACHE_MS: '60000' });
    try {
      // 50 edits at once, through both workers
      const saved = await Promise.all(Array.from({ length: 50 }, (_, i) => server.request(`/v1/sites/conc/actions/c${i}`, { method: 'PUT', headers: ADMIN, body: JSON.stringify(definition(i)) })));
      expect(saved.map((r) => r.status)).toEqual(Array(50).fill(201));
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await (await server.request('/v1/sites/conc/actions')).json() as { version: string; actions: unknown[] });
      expect(new Set(answers.map((a) => `${a.version} ${a.actions.length}`))).toEqual(new Set([`${answers[0].version} 50`]));
      // each edit sent with the version the last answer gave; the next read, on either worker, shows it
      let version = answers[0].version;
      for (let i = 50; i < 56; i++) {
        const put = await server.request(`/v1/sites/conc/actions/c${i}`, { method: 'PUT', headers: { ...ADMIN, 'if-match': `"${version}"` }, body: JSON.stringify(definition(i)) });
        expect(put.status).toBe(201);
        const read = await (await server.request('/v1/sites/conc/actions')).json() as { version: string; actions: unknown[] };
        expect([read.version, read.actions.length]).toEqual([(await put.json() as { version: string }).version, i + 1]);
        version = read.version;
      }
    } finally {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('a suppression list written by `actionlake erase` applies in both workers from the first event it drops', async () => {
    const root = tempDir('shared-suppressed');
    const server = await startServer(root, 2, { SUPPRESSED_CACHE_MS: '2000' });
    try {
      const erased = (i: number) => event({ anonymous_id: 'erased-visitor', action: `step ${i}` });
      // each worker reads the (missing) list once, a second apart: their copies expire a second apart
      expect((await server.post(batch([erased(-2)]))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await server.post(batch([erased(-1)]))).status).toBe(200);
      const file = path.join(root, 'lake', suppressedKey('shop'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, encodeSuppressed([hashId('erased-visitor')]));
      const sent: string[] = [];
      const until = Date.now() + 3_500;
      for (let i = 0; Date.now() < until; i++) {
        const e = erased(i);
        expect((await server.post(batch([e]))).status).toBe(200);
        sent.push(e.event_id as string);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await server.stop()).toBe(0);
      const rows = lakeRows(path.join(root, 'lake'), 'events/');
      // both workers took part before the list
      expect(new Set(rows.filter((r) => /^step -/.test(r.row.action)).map((r) => r.row.collector_id))).toEqual(new Set(['multi-w1', 'multi-w2']));
      const stored = new Set(rows.map((r) => r.row.event_id));
      const kept = sent.map((id) => stored.has(id));
      // what was stored is what came before the first event the list dropped: nothing after it
      const first = kept.indexOf(false);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(kept.slice(first).filter(Boolean)).toEqual([]);
    } finally {
      if (server.proc.exitCode === null) await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);

  it('one scrape of /metrics counts the events of every worker', async () => {
    const root = tempDir('shared-metrics');
    const server = await startServer(root, 2);
    try {
      for (let i = 0; i < 13; i++) expect((await server.post(batch([event()]))).status).toBe(200);
      const scrapes = [];
      for (let i = 0; i < 6; i++) scrapes.push(await (await server.request('/metrics')).text());
      expect(scrapes.map((t) => sample(t, 'actionlake_events_accepted_total'))).toEqual(Array(6).fill(13));
      // gauges are summed too: the spool bytes of both workers; process metrics of all three processes
      const bytes = fs.readdirSync(path.join(root, 'spool'), { recursive: true }).filter((f) => /seg-.*\.ndjson$/.test(String(f)))
        .reduce((t, f) => t + fs.statSync(path.join(root, 'spool', String(f))).size, 0);
      expect(sample(scrapes[5], 'actionlake_spool_bytes')).toBe(bytes);
      expect(sample(scrapes[5], 'process_cpu_seconds_total')).toBeGreaterThan(0);
    } finally {
      await server.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});
