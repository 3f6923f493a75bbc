/** actionlake compact on a local lake written by real collectors. */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, event, query, snapshot, startCollector, tempDir } from './support/lake';

// real collectors, DuckDB and Parquet on a shared 2-core machine: generous, outcomes not timing
jest.setTimeout(60_000);

let root: string;
let lake: string;

beforeEach(() => {
  root = tempDir('compact');
  lake = path.join(root, 'lake');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const D1 = '2024-05-01T10:00:00.000Z';
const D1_LATER = '2024-05-01T10:00:05.000Z';
const D2 = '2024-05-02T09:00:00.000Z';

describe('compact', () => {
  it('keeps one row per event across two collectors, the earliest received copy, typed and sorted', async () => {
    const a = await startCollector(root, 'coll-a', lake);
    const b = await startCollector(root, 'coll-b', lake);
    const events = [2, 0, 1].map((i) =>
      event(`2024-05-01T09:59:0${i}.000Z`, {
        anonymous_id: `anon-${i}`,
        products: [{ id: 'sku-1', name: 'Shoe', price: 59.5, currency: 'EUR', quantity: 2 }],
        utm: { source: 'google', medium: 'cpc' },
        attributes: { plan: 'pro', seats: 3 },
      }),
    );
    try {
      await a.send(events, D1);
      await b.send(events, D1_LATER); // the same events again (a retry that reached another collector)
      await b.send([event(D1_LATER, { anonymous_id: 'anon-b' })], D1_LATER);
      await a.flush();
      await b.flush();
    } finally {
      await a.close();
      await b.close();
    }
    const r = await cli(['compact', '--lake', lake]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 day written \(4 events\)/);

    const rows = await query<any>(['--lake', lake], 'SELECT event_id, collector_id, anonymous_id, site_id, CAST(dt AS VARCHAR) AS dt, products[1].price AS price, utm.source AS source, attributes->>\'plan\' AS plan FROM events');
    expect(rows).toHaveLength(4);
    for (const e of events) {
      const copies = rows.filter((x) => x.event_id === e.event_id);
      expect(copies).toHaveLength(1);
      expect(copies[0].collector_id).toBe('coll-a');
    }
    expect(rows.map((x) => x.anonymous_id)).toEqual(['anon-0', 'anon-1', 'anon-2', 'anon-b']); // by occurred_at
    expect(rows[0]).toMatchObject({ site_id: 'shop', dt: '2024-05-01', price: 59.5, source: 'google', plan: 'pro' });

    const types = Object.fromEntries(
      (await query<any>(['--lake', lake], 'SELECT column_name, column_type FROM (DESCRIBE events)')).map((c) => [c.column_name, c.column_type]),
    );
    expect(types.occurred_at).toBe('TIMESTAMP WITH TIME ZONE');
    expect(types.page).toMatch(/^STRUCT\(url VARCHAR, path VARCHAR/);
    expect(types.products).toMatch(/^STRUCT\(.*price DOUBLE.*\)\[\]$/);
    expect(types.person_id).toBe('VARCHAR');
    expect(types.channel).toBe('VARCHAR');
    const files = Object.keys(snapshot(path.join(lake, 'tables/events')));
    expect(files.every((f) => /^site_id=shop\/dt=2024-05-01\/part-[a-z0-9]+-\d+\.parquet$/.test(f))).toBe(true);
  });

  it('keeps a repeat that landed on the next UTC day only on the first day', async () => {
    const a = await startCollector(root, 'coll-a', lake);
    const b = await startCollector(root, 'coll-b', lake);
    const e = event('2024-05-01T23:59:58.000Z');
    try {
      await a.send([e], '2024-05-01T23:59:59.000Z');
      await a.flush();
      // the first day is compacted before the repeat arrives (nightly build at midnight)
      expect((await cli(['compact', '--lake', lake])).stdout).toMatch(/1 day written \(1 events\)/);
      await b.send([e, event('2024-05-02T00:00:01.000Z', { anonymous_id: 'next-day' })], '2024-05-02T00:00:02.000Z');
      await b.flush();
    } finally {
      await a.close();
      await b.close();
    }
    expect((await cli(['compact', '--lake', lake])).stdout).toMatch(/1 day written \(1 events\), 1 unchanged/);
    const rows = await query<any>(['--lake', lake], 'SELECT CAST(dt AS VARCHAR) AS dt, collector_id, anonymous_id FROM events ORDER BY occurred_at');
    expect(rows).toEqual([
      { dt: '2024-05-01', collector_id: 'coll-a', anonymous_id: 'anon-1' },
      { dt: '2024-05-02', collector_id: 'coll-b', anonymous_id: 'next-day' },
    ]);
  });

  it('is idempotent, and a late object rewrites only its own day', async () => {
    const c = await startCollector(root, 'coll-a', lake);
    try {
      await c.send([event(D1)], D1);
      await c.flush();
      await c.send([event(D2)], D2);
      await c.flush();
      expect((await cli(['compact', '--lake', lake])).stdout).toMatch(/2 days written \(2 events\)/);
      const first = snapshot(path.join(lake, 'tables'));

      const again = await cli(['compact', '--lake', lake]);
      expect(again.stdout).toMatch(/0 days written \(0 events\), 2 unchanged/);
      expect(snapshot(path.join(lake, 'tables'))).toEqual(first);

      await c.send([event('2024-05-01T23:00:00.000Z', { anonymous_id: 'late' })], '2024-05-01T23:00:00.000Z');
      await c.flush();
      expect((await cli(['compact', '--lake', lake])).stdout).toMatch(/1 day written \(2 events\), 1 unchanged/);
      const after = snapshot(path.join(lake, 'tables'));
      const day = (s: Record<string, number>, dt: string) => Object.entries(s).filter(([k]) => k.includes(`dt=${dt}/`));
      expect(day(after, '2024-05-02')).toEqual(day(first, '2024-05-02'));
      expect(day(after, '2024-05-01').map(([k]) => k)).not.toEqual(day(first, '2024-05-01').map(([k]) => k));
      const rows = await query<any>(['--lake', lake], "SELECT count(*) AS n FROM events WHERE anonymous_id = 'late'");
      expect(rows).toEqual([{ n: 1 }]);
      expect(await query(['--lake', lake], 'SELECT count(*) AS n FROM events')).toEqual([{ n: 3 }]);
    } finally {
      await c.close();
    }
  });

  it('rewrites an older day whose visitor identified later on a second device (person_id follows the identify)', async () => {
    const c = await startCollector(root, 'coll-a', lake);
    try {
      // Ann signs in on her laptop first; her phone's visit later that day is anonymous
      await c.send([event(D1, { anonymous_id: 'laptop', action: 'Identified', action_type: 'identify', user_id: 'ann@example.com' }), event(D1_LATER, { anonymous_id: 'phone' })], D1);
      await c.flush();
      await c.send([event(D2, { anonymous_id: 'other' })], D2);
      await c.flush();
      await cli(['compact', '--lake', lake]);
      const before = await query<any>(['--lake', lake], "SELECT person_id FROM events WHERE anonymous_id = 'phone'");
      const d2 = Object.entries(snapshot(path.join(lake, 'tables/events'))).filter(([k]) => k.includes('dt=2024-05-02'));

      const at = '2024-05-03T08:00:00.000Z';
      await c.send([event(at, { anonymous_id: 'phone', action: 'Identified', action_type: 'identify', user_id: 'ann@example.com' })], at);
      await c.flush();
      const r = await cli(['compact', '--lake', lake]);
      expect(r.stdout).toMatch(/2 days written \(3 events; 1 day re-stamped from Parquet\), 1 unchanged/); // 05-03 new, 05-01 re-personed (from its Parquet)
      const after = await query<any>(['--lake', lake], "SELECT DISTINCT person_id FROM events WHERE anonymous_id = 'phone'");
      expect(after).toHaveLength(1);
      expect(after[0].person_id).not.toBe(before[0].person_id);
      // her person is named after the laptop, her id seen first: its rows keep their person_id
      expect(await query<any>(['--lake', lake], "SELECT DISTINCT person_id FROM events WHERE anonymous_id = 'laptop'")).toEqual(after);
      expect(Object.entries(snapshot(path.join(lake, 'tables/events'))).filter(([k]) => k.includes('dt=2024-05-02'))).toEqual(d2);
    } finally {
      await c.close();
    }
  });

  it('splits a large day into files of bounded size, named in occurred_at order (ACTIONLAKE_PARQUET_FILE_BYTES)', async () => {
    const c = await startCollector(root, 'coll-a', lake);
    try {
      // DuckDB forms row groups of at least 2,048 rows (its vector size): 7,000 events make 4
      for (let b = 0; b < 14; b++) {
        const batch = Array.from({ length: 500 }, (_, i) => event(new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + (b * 500 + i) * 100).toISOString(), { anonymous_id: `v${i % 7}` }));
        await c.send(batch.reverse(), '2024-05-01T11:00:00.000Z');
      }
      await c.flush();
    } finally {
      await c.close();
    }
    const limits = { ACTIONLAKE_PARQUET_FILE_BYTES: '1024', ACTIONLAKE_PARQUET_ROW_GROUP_ROWS: '2048' };
    const tooSmall = await cli(['compact', '--lake', lake], { ACTIONLAKE_PARQUET_FILE_BYTES: '1023' });
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.stderr).toBe('actionlake: ACTIONLAKE_PARQUET_FILE_BYTES must be a number >= 1024, got "1023"\n');

    expect((await cli(['compact', '--lake', lake], limits)).stdout).toMatch(/1 day written \(7000 events\)/);
    const dir = path.join(lake, 'tables/events/site_id=shop/dt=2024-05-01');
    const files = fs.readdirSync(dir).sort((a, b) => Number(/-(\d+)\.parquet$/.exec(a)![1]) - Number(/-(\d+)\.parquet$/.exec(b)![1]));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const ranges: { n: number; lo: string; hi: string }[] = [];
      for (const f of files) {
        const r = await conn.runAndReadAll(`SELECT count(*)::INT AS n, min(occurred_at)::VARCHAR AS lo, max(occurred_at)::VARCHAR AS hi FROM read_parquet('${path.join(dir, f)}')`);
        ranges.push(r.getRowObjectsJson()[0] as any);
      }
      expect(ranges.reduce((s, r) => s + r.n, 0)).toBe(7000);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i].lo > ranges[i - 1].hi).toBe(true);

      // a day is sorted in pieces of at most ACTIONLAKE_SORT_ROWS rows, each its own file, in order
      const pieces = async (sortRows: string) => {
        fs.rmSync(path.join(lake, 'tables'), { recursive: true, force: true });
        const r = await cli(['compact', '--lake', lake], { ACTIONLAKE_SORT_ROWS: sortRows });
        expect(r.stdout).toMatch(/1 day written \(7000 events\)/);
        const got = await conn.runAndReadAll(`SELECT count(*)::INT AS n, min(occurred_at)::VARCHAR AS lo, max(occurred_at)::VARCHAR AS hi
                                              FROM read_parquet('${dir}/*.parquet', filename = true) GROUP BY filename ORDER BY lo`);
        return got.getRowObjectsJson() as any[];
      };
      expect((await pieces('3500')).map((p) => p.n)).toEqual([3500, 3500]);
      const three = await pieces('3499');
      expect(three.map((p) => p.n)).toEqual([3499, 3499, 2]);
      for (let i = 1; i < three.length; i++) expect(three[i].lo > three[i - 1].hi).toBe(true);
      const bad = await cli(['compact', '--lake', lake], { ACTIONLAKE_SORT_ROWS: '999' });
      expect(bad.stderr).toBe('actionlake: ACTIONLAKE_SORT_ROWS must be a number >= 1000, got "999"\n');
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });

  it('keeps the rows that lack occurred_at when a large day is sorted in pieces (they sort last)', async () => {
    // a raw object written by hand: 2,500 rows, 3 of them without occurred_at
    const own = tempDir('nulls');
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      ...event(new Date(Date.UTC(2024, 5, 1, 10) + i * 1000).toISOString()),
      received_at: '2024-06-01T12:00:00.000Z', collector_id: 'c1',
      occurred_at: i % 1000 === 7 ? null : new Date(Date.UTC(2024, 5, 1, 10) + i * 1000).toISOString(),
    }));
    const key = path.join(own, 'events/site_id=shop/dt=2024-06-01/hour=12/c1-a.ndjson.gz');
    fs.mkdirSync(path.dirname(key), { recursive: true });
    fs.writeFileSync(key, require('node:zlib').gzipSync(rows.map((r) => JSON.stringify(r)).join('\n') + '\n'));
    const r = await cli(['compact', '--lake', own], { ACTIONLAKE_SORT_ROWS: '1000' });
    expect(r.stdout).toMatch(/1 day written \(2500 events\)/);
    const files = await query<{ n: number; nulls: number }>(['--lake', own],
      `SELECT count(*)::INT AS n, count(*) FILTER (WHERE occurred_at IS NULL)::INT AS nulls FROM read_parquet('${own}/tables/events/*/*/*.parquet', filename = true) GROUP BY filename ORDER BY filename`);
    expect(files.map((f) => f.n)).toEqual([1000, 1000, 500]);
    expect(files.map((f) => f.nulls)).toEqual([0, 0, 3]);
  });

  it('builds the identity map once per build, the same the models compute from the table (repeats received later left out)', async () => {
    const a = await startCollector(root, 'coll-a', lake);
    const b = await startCollector(root, 'coll-b', lake);
    const identify = event('2024-05-01T09:59:00.000Z', { anonymous_id: 'laptop', user_id: 'ann', action: 'Signed in', action_type: 'identify' });
    try {
      await a.send([event('2024-05-01T09:58:00.000Z', { anonymous_id: 'laptop' }), identify], D1);
      // the same body retried: through another collector 5 s later, and again the next day (its
      // sent_at unchanged, so the collector moves its occurred_at by the delay)
      await b.send([identify], D1_LATER, {}, D1);
      await b.send([identify], D2, {}, D1);
      await b.send([event(D2, { anonymous_id: 'phone', user_id: 'ann', session_id: 'sess-2' })], D2);
      await a.flush();
      await b.flush();
    } finally {
      await a.close();
      await b.close();
    }
    const ids = "SELECT id_type, id, person_id, strftime(first_seen, '%Y-%m-%d %H:%M:%S') AS first_seen, strftime(last_seen, '%Y-%m-%d %H:%M:%S') AS last_seen, user_ids FROM identity_map ORDER BY ALL";
    expect((await cli(['build', '--lake', lake])).code).toBe(0);
    const fromBuild = await query(['--lake', lake], ids);
    expect(fromBuild).toContainEqual(expect.objectContaining({ id: 'laptop', first_seen: '2024-05-01 09:58:00', last_seen: '2024-05-01 09:59:00' }));
    expect((await cli(['models', '--lake', lake])).code).toBe(0);
    expect(await query(['--lake', lake], ids)).toEqual(fromBuild);
  });

  it('rebuilds every day when any file of sql/macros/ changes, a data file beside channel.sql too (ACTIONLAKE_SQL_DIR)', async () => {
    const c = await startCollector(root, 'coll-a', lake);
    try {
      await c.send([event(D1)], D1);
      await c.flush();
    } finally {
      await c.close();
    }
    const sqlDir = path.join(root, 'sql');
    fs.cpSync(path.resolve(__dirname, '../sql'), sqlDir, { recursive: true });
    const env = { ACTIONLAKE_SQL_DIR: sqlDir };
    const written = async () => /(\d+) days? written/.exec((await cli(['compact', '--lake', lake], env)).stdout)?.[1];
    expect(await written()).toBe('1');
    expect(await written()).toBe('0');
    fs.writeFileSync(path.join(sqlDir, 'macros', 'google-sources.csv'), 'source,category\nflipboard,SOURCE_CATEGORY_SOCIAL\n');
    expect(await written()).toBe('1');
    expect(await written()).toBe('0');
    fs.appendFileSync(path.join(sqlDir, 'macros', 'google-sources.csv'), 'yelp,SOURCE_CATEGORY_SOCIAL\n');
    expect(await written()).toBe('1');
  });
});
