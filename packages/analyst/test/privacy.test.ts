/** actionlake erase / export (contract §8) on a local lake written by a real collector. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, event, query, snapshot, startCollector, tempDir } from './support/lake';

let root: string;
let lake: string;

beforeEach(() => {
  root = tempDir('privacy');
  lake = path.join(root, 'lake');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const D1 = '2024-05-01T10:00:00.000Z';
const D2 = '2024-05-02T09:00:00.000Z';
const sha = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** as a browser sends it (Node's own user agent is a bot's, and bots are left out of the models) */
const AS_BROWSER = { 'user-agent': BROWSER };

/** Every line of every raw object under `prefix`. */
function rawLines(prefix: string): string[] {
  const dir = path.join(lake, prefix);
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    if (!f.endsWith('.ndjson.gz')) continue;
    out.push(...zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8').split('\n').filter(Boolean));
  }
  return out;
}

/** Alice: anonymous on her laptop, then identified there and on her phone; Bob: identified once. */
async function twoPersons(): Promise<void> {
  const c = await startCollector(root, 'c1', lake);
  try {
    // day 1 holds only Alice's rows: all its raw objects go, compact leaves its Parquet to the erase
    await c.send([event(D1, { anonymous_id: 'a-laptop', session_id: 's1' })], D1, AS_BROWSER);
    await c.send([event(D1, { anonymous_id: 'a-laptop', session_id: 's1', user_id: 'alice', action: 'Identified', action_type: 'identify' })], D1, AS_BROWSER);
    await c.flush();
    await c.send([event(D2, { anonymous_id: 'a-phone', session_id: 's2', user_id: 'alice' })], D2, AS_BROWSER);
    await c.send([event(D2, { anonymous_id: 'b-1', session_id: 's3' }), event(D2, { anonymous_id: 'b-1', session_id: 's4', user_id: 'bob' })], D2, AS_BROWSER);
    // a bad row of Alice's (an unknown action_type) next to one of Bob's
    await c.sendRejected([event(D2, { anonymous_id: 'a-phone', user_id: 'alice', action_type: 'bogus' }), event(D2, { anonymous_id: 'b-1', user_id: 'bob', action_type: 'bogus' })]);
    await c.flush();
  } finally {
    await c.close();
  }
}

const ALICE = ['alice', 'a-laptop', 'a-phone'];
const mentions = (text: string, ids: string[]) => ids.some((id) => text.includes(`"${id}"`));

/**
 * The Parquet files under tables/ (the tables, and what builds keep beside them under _manifest:
 * identity links, the kept identity map, steps' state) with a text column holding one of `ids`.
 */
async function parquetHolding(ids: string[]): Promise<string[]> {
  const dir = path.join(lake, 'tables');
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.parquet'));
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const out: string[] = [];
  try {
    for (const f of files) {
      const src = `read_parquet('${path.join(dir, f)}', hive_partitioning = false)`;
      const cols = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRowObjectsJson() as { column_name: string; column_type: string }[];
      const text = cols.filter((c) => c.column_type === 'VARCHAR').map((c) => `"${c.column_name}"`);
      if (!text.length) continue;
      const list = ids.map((id) => `'${id}'`).join(', ');
      const r = await conn.runAndReadAll(`SELECT count(*)::INT AS n FROM ${src} WHERE ${text.map((c) => `${c} IN (${list})`).join(' OR ')}`);
      if ((r.getRowObjectsJson()[0] as { n: number }).n) out.push(f);
    }
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  return out;
}

describe('erase', () => {
  it('removes every row of the person from raw objects, bad rows and tables, leaves the other person byte for byte, suppresses the ids and is a no-op when repeated', async () => {
    await twoPersons();
    expect((await cli(['build', '--lake', lake])).code).toBe(0);
    const bobBefore = rawLines('events').filter((l) => l.includes('"b-1"')).sort();
    expect(bobBefore).toHaveLength(2);
    expect(rawLines('events').filter((l) => mentions(l, ALICE))).toHaveLength(3);

    const dry = await cli(['erase', 'a-laptop', '--dry-run', '--lake', lake, '--site', 'shop']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/3 ids, 4 rows would be removed/);
    expect(rawLines('events').filter((l) => mentions(l, ALICE))).toHaveLength(3);

    const r = await cli(['erase', 'alice', '--lake', lake, '--site', 'shop']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/erase shop: 3 ids, 4 rows removed/);

    expect(rawLines('events').filter((l) => mentions(l, ALICE))).toEqual([]);
    expect(rawLines('bad').filter((l) => mentions(l, ALICE))).toEqual([]);
    expect(rawLines('bad').filter((l) => l.includes('"bob"'))).toHaveLength(1);
    expect(rawLines('events').filter((l) => l.includes('"b-1"')).sort()).toEqual(bobBefore);

    for (const [table, col] of [['events', 'anonymous_id'], ['identity_map', 'id'], ['sessions', 'anonymous_id']]) {
      const rows = await query<any>(['--lake', lake], `SELECT ${col} AS v FROM ${table}`);
      expect(rows.map((x) => x.v).filter((v) => ALICE.includes(v))).toEqual([]);
      expect(rows.map((x) => x.v)).toContain(table === 'identity_map' ? 'bob' : 'b-1');
    }
    const profiles = await query<any>(['--lake', lake], 'SELECT user_id FROM profiles');
    expect(profiles.map((p) => p.user_id)).toEqual(['bob']);
    // nor in what builds keep beside the tables (the identity map compact keeps held day 1's ids)
    expect(await parquetHolding(ALICE)).toEqual([]);

    const suppressed = JSON.parse(fs.readFileSync(path.join(lake, 'config/site_id=shop/suppressed.json'), 'utf8'));
    expect(suppressed.hashes).toEqual(expect.arrayContaining(ALICE.map(sha)));
    const audits = fs.readdirSync(path.join(lake, 'privacy/site_id=shop')).filter((f) => f.startsWith('erase-'));
    expect(audits).toHaveLength(1);
    const audit = fs.readFileSync(path.join(lake, 'privacy/site_id=shop', audits[0]), 'utf8');
    expect(mentions(audit, ALICE)).toBe(false);
    expect(JSON.parse(audit)).toMatchObject({ kind: 'erase', site_id: 'shop', rows: 4, id_hashes: ALICE.map(sha).sort() });

    // a new event from Alice's phone is acknowledged and not stored
    const c = await startCollector(root, 'c2', lake);
    try {
      await c.send([event(D2, { anonymous_id: 'a-phone', session_id: 's9' })], D2, AS_BROWSER);
      await c.flush();
    } finally {
      await c.close();
    }
    expect(rawLines('events').filter((l) => mentions(l, ALICE))).toEqual([]);

    const before = snapshot(lake);
    const again = await cli(['erase', 'alice', '--lake', lake, '--site', 'shop']);
    expect(again.stdout).toMatch(/already done/);
    expect(snapshot(lake)).toEqual(before);
  }, 120_000);
});

describe('erase after the raw objects of a day expired (an S3 lifecycle rule kept only its tables)', () => {
  it("rewrites that day's Parquet without the person, and no later build brings their ids back", async () => {
    const D3 = '2024-05-03T09:00:00.000Z';
    const c = await startCollector(root, 'c1', lake);
    try {
      await c.send([event(D1, { anonymous_id: 'a-laptop', session_id: 's1', user_id: 'alice', action: 'Identified', action_type: 'identify' })], D1, AS_BROWSER);
      await c.send([event(D1, { anonymous_id: 'b-1', session_id: 's3', user_id: 'bob', action: 'Identified', action_type: 'identify' })], D1, AS_BROWSER);
      await c.flush();
      await c.send([event(D2, { anonymous_id: 'a-laptop', session_id: 's2', user_id: 'alice' })], D2, AS_BROWSER);
      await c.flush();
      expect((await cli(['build', '--lake', lake])).code).toBe(0);
      fs.rmSync(path.join(lake, 'events/site_id=shop/dt=2024-05-01'), { recursive: true });
      const erased = await cli(['erase', 'alice', '--lake', lake, '--site', 'shop']);
      expect(erased.code).toBe(0);
      // a new day: the next build keeps 2024-05-01 as erase left it and reads its ids again
      await c.send([event(D3, { anonymous_id: 'c-1', session_id: 's5' })], D3, AS_BROWSER);
      await c.flush();
    } finally {
      await c.close();
    }
    const b = await cli(['build', '--lake', lake]);
    expect(b.stdout).toMatch(/compact: .*1 day written/);
    const ids = (await query<any>(['--lake', lake], 'SELECT id FROM identity_map ORDER BY id')).map((r) => r.id);
    expect(ids).toEqual(['b-1', 'bob', 'c-1']);
  }, 120_000);
});

describe('erase of a person whose raw rows all expired (an S3 lifecycle rule kept only the tables)', () => {
  it('finds them in tables/events: export gives their rows, erase removes them and their ids', async () => {
    const c = await startCollector(root, 'c1', lake);
    try {
      await c.send([event(D1, { anonymous_id: 'a-laptop', session_id: 's1', user_id: 'alice', action: 'Identified', action_type: 'identify' })], D1, AS_BROWSER);
      await c.send([event(D1, { anonymous_id: 'b-1', session_id: 's3', user_id: 'bob', action: 'Identified', action_type: 'identify' })], D1, AS_BROWSER);
      await c.flush();
    } finally {
      await c.close();
    }
    expect((await cli(['build', '--lake', lake])).code).toBe(0);
    fs.rmSync(path.join(lake, 'events/site_id=shop/dt=2024-05-01'), { recursive: true });
    const out = path.join(root, 'alice.ndjson');
    expect((await cli(['export', 'alice', '--out', out, '--lake', lake, '--site', 'shop'])).code).toBe(0);
    const exported = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(exported.map((r) => [r.anonymous_id, r.user_id, r.action])).toEqual([['a-laptop', 'alice', 'Identified']]);
    const erased = await cli(['erase', 'alice', '--lake', lake, '--site', 'shop']);
    expect(erased.stdout).toMatch(/erase shop: 2 ids, /);
    expect((await query<any>(['--lake', lake], 'SELECT user_id FROM events')).map((r) => r.user_id)).toEqual(['bob']);
    expect((await query<any>(['--lake', lake], 'SELECT id FROM identity_map ORDER BY id')).map((r) => r.id)).toEqual(['b-1', 'bob']);
  }, 120_000);
});

describe('erase and a suppression list it cannot read', () => {
  it('stops with a clear error and changes no raw object, rather than writing over the list', async () => {
    await twoPersons();
    const list = path.join(lake, 'config/site_id=shop/suppressed.json');
    fs.mkdirSync(path.dirname(list), { recursive: true });
    fs.writeFileSync(list, JSON.stringify({ version: 1, hashes: [sha('someone-erased-before'), 'NOT-A-HASH'] }));
    const before = snapshot(path.join(lake, 'events'));
    const r = await cli(['erase', 'alice', '--lake', lake]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('actionlake: config/site_id=shop/suppressed.json: hashes[1] is not a lower-case SHA-256 hex string; fix or remove it (the collector cannot read it either)\n');
    expect(snapshot(path.join(lake, 'events'))).toEqual(before);
    expect(JSON.parse(fs.readFileSync(list, 'utf8')).hashes).toEqual([sha('someone-erased-before'), 'NOT-A-HASH']);
  });
});

describe('erase after an interruption', () => {
  it('resumes where a killed run stopped (a new object written, the old one not yet removed) and ends with every other row once', async () => {
    await twoPersons();
    const bobBefore = rawLines('events').filter((l) => l.includes('"b-1"')).sort();
    // what a run killed between "write the new object" and "remove the old one" leaves behind
    const dir = path.join(lake, 'events/site_id=shop');
    const old = (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ndjson.gz'))
      .find((f) => zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString().includes('"b-1"'))!;
    const request = sha('shop\nalice').slice(0, 16);
    const kept = zlib.gunzipSync(fs.readFileSync(path.join(dir, old))).toString().split('\n').filter((l) => l && !mentions(l, ALICE));
    fs.writeFileSync(path.join(dir, old.replace(/\.ndjson\.gz$/, `_e${request.slice(0, 8)}.ndjson.gz`)), zlib.gzipSync(kept.join('\n') + '\n'));
    fs.mkdirSync(path.join(lake, 'privacy/site_id=shop/requests'), { recursive: true });
    fs.writeFileSync(path.join(lake, `privacy/site_id=shop/requests/${request}.json`), JSON.stringify({ request, status: 'running', started_at: D1, id_hashes: [] }));
    expect(rawLines('events').filter((l) => l.includes('"b-1"'))).toHaveLength(4); // twice, for now

    const r = await cli(['erase', 'alice', '--lake', lake, '--site', 'shop']);
    expect(r.code).toBe(0);
    expect(rawLines('events').filter((l) => mentions(l, ALICE))).toEqual([]);
    expect(rawLines('events').filter((l) => l.includes('"b-1"')).sort()).toEqual(bobBefore);
    const manifest = JSON.parse(fs.readFileSync(path.join(lake, `privacy/site_id=shop/requests/${request}.json`), 'utf8'));
    expect(manifest).toMatchObject({ status: 'done', started_at: D1 });
  }, 120_000);
});

describe('export', () => {
  it('writes exactly the rows of the person behind any of their ids', async () => {
    await twoPersons();
    const out = path.join(root, 'alice.ndjson');
    const r = await cli(['export', 'a-phone', '--out', out, '--lake', lake, '--site', 'shop']);
    expect(r.code).toBe(0);
    const rows = fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(rows.map((x) => `${x.anonymous_id}/${x.user_id ?? ''}`).sort()).toEqual(['a-laptop/', 'a-laptop/alice', 'a-phone/alice']);
  }, 60_000);
});

describe('retention', () => {
  it('removes only the raw and table partitions older than --days', async () => {
    const day = (ago: number) => new Date(Date.now() - ago * 86_400_000).toISOString();
    const c = await startCollector(root, 'c1', lake);
    try {
      await c.send([event(day(40), { anonymous_id: 'old' })], day(40), AS_BROWSER);
      await c.send([event(day(40), { anonymous_id: 'old', action_type: 'bogus' })], day(40)).catch(() => undefined);
      await c.flush();
      await c.send([event(day(2), { anonymous_id: 'recent' })], day(2), AS_BROWSER);
      await c.flush();
    } finally {
      await c.close();
    }
    expect((await cli(['build', '--lake', lake])).code).toBe(0);
    expect(rawLines('bad')).toHaveLength(1);
    const dry = await cli(['retention', '--days', '30', '--dry-run', '--lake', lake]);
    expect(dry.stdout).toMatch(/would be removed/);
    expect(rawLines('events').some((l) => l.includes('"old"'))).toBe(true);

    const r = await cli(['retention', '--days', '30', '--lake', lake]);
    expect(r.code).toBe(0);
    expect(rawLines('events').some((l) => l.includes('"old"'))).toBe(false);
    expect(rawLines('bad')).toEqual([]);
    expect(rawLines('events').some((l) => l.includes('"recent"'))).toBe(true);
    const rows = await query<any>(['--lake', lake], 'SELECT DISTINCT anonymous_id FROM events');
    expect(rows.map((x) => x.anonymous_id)).toEqual(['recent']);
    const sessions = await query<any>(['--lake', lake], 'SELECT DISTINCT anonymous_id FROM sessions');
    expect(sessions.map((x) => x.anonymous_id)).toEqual(['recent']);
    expect(await parquetHolding(['old'])).toEqual([]);
    expect(await parquetHolding(['recent'])).not.toEqual([]);
    expect((await cli(['retention', '--days', '0', '--lake', lake])).code).toBe(2);
  }, 120_000);
});
