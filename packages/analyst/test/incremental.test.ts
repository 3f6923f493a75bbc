/**
 * The incremental build equals a full rebuild, table by table, row by row (contract §7). A lake
 * written by bench/analyst-generate.mjs (the collector's own writer and enricher) is built day by
 * day; after each step every table is compared with a full build of a copy of the same raw objects,
 * and the steps cover a person who returns after 40 days, a late object for an old day, an identify
 * that merges two persons, an erasure and a change of model.json. A build with nothing new
 * changes no file; a new day rewrites the daily tables' files of that day only.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { cli, snapshot, tempDir } from './support/lake';

const SITE = 'shop';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TABLES = ['events', 'identity_map', 'sessions', 'conversions', 'conversion_revenue', 'attribution', 'profiles', 'channel_daily', 'products', 'product_daily'];
/** the tables written one file per day (partition_by): an incremental build rewrites only changed days */
const DAILY = ['sessions', 'conversions', 'conversion_revenue', 'attribution', 'channel_daily', 'product_daily'];
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
/** the generated days: the last 8 (the first build has 4, then one at a time); crafted rows go back 50 days */
const GENERATED = 8;
const START = END - 50 * DAY;
const LATER = END - GENERATED * DAY;

let generated: string;
let lake: string;
let template: Record<string, unknown>;
let conn: DuckDBConnection;

const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);
const rawDir = (root: string, dt: string) => path.join(root, 'events', `site_id=${SITE}`, `dt=${dt}`);

/** Copies the generated raw objects of the days [from, to) into the lake under test. */
function addDays(from: number, to: number): void {
  for (let t = from; t < to; t += DAY) {
    const src = rawDir(generated, dayOf(t));
    if (fs.existsSync(src)) fs.cpSync(src, rawDir(lake, dayOf(t)), { recursive: true });
  }
}

let objects = 0;
/**
 * Writes one raw object of lake rows (made from a generated row) at its received day: `received`,
 * else the first row's time. A row with `id` is a copy of the event of that addObject number.
 */
function addObject(rows: { anon: string; user?: string; session: string; at: number; action?: string; products?: unknown[]; id?: number }[], received?: number): void {
  const lines = rows.map((r) => {
    const iso = new Date(r.at).toISOString();
    return JSON.stringify({
      ...template,
      event_id: `00000000-0000-4000-8000-${String(r.id ?? ++objects).padStart(12, '0')}`,
      anonymous_id: r.anon,
      user_id: r.user ?? null,
      session_id: r.session,
      action: r.action ?? 'Page viewed',
      action_type: r.user ? 'identify' : 'pageview',
      products: r.products ?? [],
      triggered_at: iso,
      received_at: new Date(received ?? r.at).toISOString(),
      occurred_at: iso,
    });
  });
  const t = new Date(received ?? rows[0].at);
  const dir = path.join(rawDir(lake, dayOf(t.getTime())), `hour=${String(t.getUTCHours()).padStart(2, '0')}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `test-${String(objects).padStart(6, '0')}.ndjson.gz`), zlib.gzipSync(lines.join('\n') + '\n'));
}

/** Every table's rows as sorted JSON lines (doubles to 9 significant digits: sums in another order). */
async function tables(root: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const r = await conn.runAndReadAll(`SELECT * FROM read_parquet('${root}/tables/${t}/**/*.parquet', hive_partitioning = true)`);
    const rows = r.getRowObjectsJson();
    out[t] = rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v))).sort();
  }
  return out;
}

/**
 * The digests kept under state/ (per person and day of a daily per-person model: rows and hash
 * sum, from which the next build finds its changed days), each as sorted JSON lines.
 */
function digests(root: string): Promise<Record<string, string[]>> {
  const state = path.join(root, 'tables', '_manifest', `site_id=${SITE}`, 'state');
  const names = fs.readdirSync(state).filter((f) => f.endsWith('__digest.parquet')).sort();
  return Promise.all(names.map(async (f) => {
    const r = await conn.runAndReadAll(`SELECT person_id, dt, h, n FROM read_parquet('${path.join(state, f)}')`);
    return [f, r.getRowObjectsJson().map((row) => JSON.stringify(row)).sort()] as const;
  })).then(Object.fromEntries);
}

/** The Parquet schema of every file of tables/events, each distinct column description once. */
async function eventsSchema(root: string): Promise<string[]> {
  const r = await conn.runAndReadAll(`SELECT DISTINCT name, type, repetition_type, num_children, converted_type, logical_type
    FROM parquet_schema('${root}/tables/events/**/*.parquet') ORDER BY ALL`);
  return r.getRowObjectsJson().map((row) => JSON.stringify(row));
}

/** Rows of tables/events files not in (occurred_at, event_id) order, the order compact writes (re-stamped files too). */
async function unsortedRows(root: string): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT count(*)::INT AS n FROM (
    SELECT file_row_number, row_number() OVER (PARTITION BY filename ORDER BY occurred_at, event_id) - 1 AS k
    FROM read_parquet('${root}/tables/events/**/*.parquet', filename = true, file_row_number = true)) WHERE k <> file_row_number`);
  return r.getRowObjectsJson()[0].n as number;
}

/**
 * Builds the lake (incremental) and a copy of its raw objects and config from scratch; compares
 * every table, and the events files' Parquet schema. Gives the incremental build's output.
 */
async function buildAndCompare(step: string, expectMode: RegExp): Promise<{ stdout: string; stderr: string }> {
  const b = await cli(['build', '--lake', lake]);
  expect({ step, code: b.code, err: b.stderr }).toEqual({ step, code: 0, err: expect.any(String) });
  expect(b.stdout).toMatch(expectMode);
  const full = tempDir(`incr-full-${step}`);
  fs.cpSync(path.join(lake, 'events'), path.join(full, 'events'), { recursive: true });
  if (fs.existsSync(path.join(lake, 'config'))) fs.cpSync(path.join(lake, 'config'), path.join(full, 'config'), { recursive: true });
  const f = await cli(['build', '--lake', full]);
  expect(f.code).toBe(0);
  const [a, e] = [await tables(lake), await tables(full)];
  for (const t of TABLES) {
    expect({ step, table: t, rows: a[t].length }).toEqual({ step, table: t, rows: e[t].length });
    const missing = e[t].filter((r) => !a[t].includes(r)).slice(0, 3);
    const extra = a[t].filter((r) => !e[t].includes(r)).slice(0, 3);
    expect({ step, table: t, missing, extra }).toEqual({ step, table: t, missing: [], extra: [] });
  }
  // a digest that drifted from the tables would make a later build miss or redo changed days
  const [dl, df] = [await digests(lake), await digests(full)];
  expect({ step, digests: Object.keys(dl) }).toEqual({ step, digests: Object.keys(df) });
  for (const f of Object.keys(df)) {
    expect({ step, f, missing: df[f].filter((r) => !dl[f]?.includes(r)).slice(0, 3), extra: (dl[f] ?? []).filter((r) => !df[f].includes(r)).slice(0, 3) })
      .toEqual({ step, f, missing: [], extra: [] });
  }
  expect({ step, schema: await eventsSchema(lake) }).toEqual({ step, schema: await eventsSchema(full) });
  expect({ step, unsorted: await unsortedRows(lake) }).toEqual({ step, unsorted: 0 });
  fs.rmSync(full, { recursive: true, force: true });
  return b;
}

beforeAll(async () => {
  generated = tempDir('incr-generated');
  await promisify(execFile)(process.execPath, [
    path.join(ROOT, 'bench', 'analyst-generate.mjs'), '--out', generated, '--events', '3000', '--visitors', '300',
    '--days', String(GENERATED), '--collectors', '1', '--end', new Date(END).toISOString(), '--seed', '7',
  ]);
  const first = fs.readdirSync(rawDir(generated, dayOf(LATER)), { recursive: true }).find((f) => String(f).endsWith('.gz'));
  const text = zlib.gunzipSync(fs.readFileSync(path.join(rawDir(generated, dayOf(LATER)), String(first)))).toString();
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  template = JSON.parse(text.split('\n')[0]);
  lake = tempDir('incr-lake');
  fs.mkdirSync(path.join(lake, 'config', `site_id=${SITE}`), { recursive: true });
  fs.writeFileSync(path.join(lake, 'config', `site_id=${SITE}`, 'model.json'), JSON.stringify({ conversions: ['Order completed'], lookback_days: 30 }));
}, 120_000);

test('day by day, the incremental build gives exactly the full build\'s tables', async () => {
  // 4 generated days, a visitor seen 48 days before the end (a product view), two devices of one user-to-be
  addDays(LATER, LATER + 4 * DAY);
  addObject([{ anon: 'returner', session: 'ret-1', at: START + 2 * DAY + 3_600_000, action: 'Product viewed', products: [{ id: 'sku-x', name: 'Old name', price: 10, currency: 'EUR' }] }]);
  addObject([{ anon: 'phone-of-u', session: 'mu-1', at: START + 5 * DAY + 3_600_000 }]);
  addObject([{ anon: 'laptop-of-u', session: 'mu-2', at: START + 6 * DAY + 3_600_000 }]);
  await buildAndCompare('first', /models: .*full rebuild \(first build\)/);

  // the next days, one at a time; the returner comes back after 40 days (buys)
  const beforeDay = snapshot(path.join(lake, 'tables'));
  addDays(LATER + 4 * DAY, LATER + 5 * DAY);
  await buildAndCompare('a new day', /models: .*incremental/);
  // a new day rewrites the files of that day (and of the day before, for a session across
  // midnight), not the tables' other days: the files of the days before stay as they were
  const afterDay = snapshot(path.join(lake, 'tables'));
  const fresh = [dayOf(LATER + 3 * DAY), dayOf(LATER + 4 * DAY)].map((d) => `/dt=${d}/`);
  for (const t of DAILY) {
    const files = [...new Set([...Object.keys(beforeDay), ...Object.keys(afterDay)])].filter((k) => k.startsWith(`${t}/`));
    const changed = files.filter((k) => beforeDay[k] !== afterDay[k]);
    expect({ t, outside: changed.filter((k) => !fresh.some((d) => k.includes(d))) }).toEqual({ t, outside: [] });
    expect({ t, unchanged: files.length - changed.length > 0 }).toEqual({ t, unchanged: true });
  }
  addDays(LATER + 5 * DAY, LATER + 6 * DAY);
  addObject([
    { anon: 'returner', session: 'ret-2', at: START + 47 * DAY + 3_600_000, action: 'Product viewed', products: [{ id: 'sku-x', name: 'New name', price: 10, currency: 'EUR' }] },
    { anon: 'returner', session: 'ret-2', at: START + 47 * DAY + 3_700_000, action: 'Order completed', products: [{ id: 'sku-x', name: 'New name', price: 10, currency: 'EUR' }] },
  ]);
  await buildAndCompare('return after 40 days', /models: .*incremental/);

  // a collector's redelivery, received today, of the returner's first product view (48 days ago):
  // the table keeps the first day's copy, and the new day is built without it
  addDays(LATER + 6 * DAY, LATER + 7 * DAY);
  addObject([{ anon: 'returner', session: 'ret-1', at: START + 2 * DAY + 3_600_000, action: 'Product viewed', products: [{ id: 'sku-x', name: 'Old name', price: 10, currency: 'EUR' }], id: 1 }], LATER + 6 * DAY + 3_600_000);
  await buildAndCompare('a redelivery of an old event', /models: .*incremental/);
  const copies = await conn.runAndReadAll(`SELECT CAST(dt AS VARCHAR) AS dt FROM read_parquet('${lake}/tables/events/**/*.parquet', hive_partitioning = true) WHERE event_id = '00000000-0000-4000-8000-000000000001'`);
  expect(copies.getRowObjectsJson()).toEqual([{ dt: dayOf(START + 2 * DAY) }]);

  // an identify on both devices merges two persons (and a late object for day 5): day 6, the
  // laptop's, has no new object and is re-stamped from its own Parquet, day 5 is read again
  addObject([{ anon: 'phone-of-u', session: 'mu-3', at: START + 47 * DAY + 3_600_000, user: 'user-u' }]);
  addObject([{ anon: 'laptop-of-u', session: 'mu-4', at: START + 47 * DAY + 3_700_000, user: 'user-u' }]);
  addObject([{ anon: 'returner', session: 'ret-late', at: START + 5 * DAY + 7_200_000, action: 'Order completed', products: [{ id: 'sku-x', name: 'Late', price: 5, currency: 'EUR' }] }]);
  const mergedOut = await buildAndCompare('merge and a late object', /models: .*incremental/);
  expect(mergedOut.stdout).toMatch(/compact: .*; \d+ days? re-stamped from Parquet/);
  const merged = await conn.runAndReadAll(`SELECT count(DISTINCT person_id)::INT AS n FROM read_parquet('${lake}/tables/identity_map/**/*.parquet') WHERE id IN ('phone-of-u', 'laptop-of-u', 'user-u')`);
  expect(merged.getRowObjectsJson()[0].n).toBe(1);

  // nothing new: no file changes
  const before = snapshot(path.join(lake, 'tables'));
  const idle = await cli(['build', '--lake', lake]);
  expect(idle.stdout).toMatch(/models: nothing new/);
  expect(snapshot(path.join(lake, 'tables'))).toEqual(before);

  // an erasure (rebuilds every row), then a day more
  const erase = await cli(['erase', '--lake', lake, '--site', SITE, 'user-u']);
  expect(erase.code).toBe(0);
  addObject([{ anon: 'after-erasure', session: 'ae-1', at: LATER + 6 * DAY + 7_000_000 }]);
  await buildAndCompare('after an erasure', /models: .*incremental/);

  // a day of orders in another currency makes it the site's most used: every revenue is rebuilt
  addObject(Array.from({ length: 300 }, (_, i) => ({
    anon: `usd-${i}`, session: `usd-${i}`, at: LATER + 6 * DAY + 7_200_000 + i * 1000, action: 'Order completed',
    products: [{ id: 'sku-u', name: 'U', price: 3, currency: 'USD' }],
  })));
  const usd = await buildAndCompare('the reporting currency changes', /models: /);
  expect(usd.stderr).toMatch(/reporting currency of shop is now USD .*rebuilding every row/);

  // model.json changes (conversions, lookback): a full rebuild, which also removes the kept file
  // of a step no model reads any more (conversion_events was kept whole before conversion_sources)
  fs.writeFileSync(path.join(lake, 'config', `site_id=${SITE}`, 'model.json'), JSON.stringify({ conversions: ['Order completed', 'Added to cart'], lookback_days: 7 }));
  addObject([{ anon: 'another', session: 'an-1', at: LATER + 7 * DAY + 3_600_000 }]);
  const state = path.join(lake, 'tables', '_manifest', `site_id=${SITE}`, 'state');
  fs.copyFileSync(path.join(state, 'conversion_parts.parquet'), path.join(state, 'conversion_events.parquet'));
  await buildAndCompare('model.json changed', /models: .*full rebuild \(the SQL, model.json or conversions changed\)/);
  const digests = ['attribution', 'conversion_products', 'conversion_revenue', 'conversion_sources', 'conversions', 'person_product_actions', 'sessions'].map((m) => `${m}__digest.parquet`);
  expect(fs.readdirSync(state).sort()).toEqual(['conversion_parts.parquet', 'conversion_products', 'conversion_sources', 'person_product_actions', ...digests].sort());
  addDays(LATER + 7 * DAY, END);
  await buildAndCompare('the last days', /models: .*incremental/);
}, 900_000);
