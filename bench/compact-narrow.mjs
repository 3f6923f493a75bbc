#!/usr/bin/env node
/**
 * What compact's narrow pass (compact/stage.ts) costs per column group (issue 22 §4, fourth round):
 * each day's raw objects read by DuckDB's read_json at 1 thread, one day per core at a time on its
 * own connection (as compact/per-core.ts does), appended to one table, then a CHECKPOINT; rounds
 * interleaved; CPU of this process per raw row.
 *
 *   node bench/compact-narrow.mjs [--events 1000000] [--runs 2] [--only a,b,...]
 *
 * Variants: `count` (gunzip + parse, event_id counted), `a` (what identity and dedup read), `b` (a +
 * the channel's arguments), `c` (today: ID_COLUMNS + the channel's arguments), and the same
 * columns declared alone in read_json's `columns` (`a-decl`, `b-decl`, `c-decl`: whether the full
 * declaration costs); `b-page`, `b-bot`: b-decl with page, and bot too, declared as the one field read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { generatedLake } from './analyst-cli.mjs';

const require = createRequire(import.meta.url);
const { DuckDBInstance } = require('@duckdb/node-api');
const { readJsonColumns, rawColumns } = require('../packages/analyst/dist/compact/columns.js');
const { values: o } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '2' }, only: { type: 'string' } },
});

const lake = await generatedLake(Number(o.events), '50000', '60');
const all = fs.readdirSync(path.join(lake, 'events'), { recursive: true }).filter((f) => f.endsWith('.ndjson.gz')).map((f) => path.join(lake, 'events', f));
const days = new Map();
for (const f of all) {
  const dt = /dt=([^/]+)/.exec(f)?.[1] ?? '';
  days.set(dt, [...(days.get(dt) ?? []), `'${f.replace(/'/g, "''")}'`]);
}
const dayList = [...days.keys()].sort();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'narrow-'));
const cores = os.availableParallelism();
const db = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB', temp_directory: tmp });
const conns = [];
for (let i = 0; i < cores; i++) conns.push(await db.connect());
const duck = conns[0];
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const rows = Number((await duck.runAndReadAll(`SELECT count(*) FROM read_ndjson_objects([${[...days.values()].flat().join(', ')}], compression = 'gzip')`)).getRows()[0][0]);
console.log(`${all.length} objects, ${dayList.length} days, ${rows.toLocaleString('en-US')} rows`);

const cols = rawColumns();
const typeOf = (n) => cols.find((c) => c.name === n).type;
/** [select expression, staged name, declared column(s)] */
const A = [
  ['event_id'], ['site_id'], ['action_type'], ['anonymous_id'], ['user_id'], ['email_sha256'], ['click_ids'],
  [`CASE WHEN action_type = 'alias' THEN attributes END`, 'attributes', 'attributes'], ['occurred_at'], ['received_at'], ['collector_id'], ['bot'],
];
const CH = [['utm'], ['source'], ['source_type'], ['page.referrer', 'referrer', 'page']];
const C = [...A, ['action'], ['session_id'], ['traits'], ['consent']];
const decl = (list) => readJsonColumns(cols.filter((c) => list.some(([e, , d]) => (d ?? e) === c.name)));
const sel = (list) => list.map(([e, n]) => (n ? `${e} AS "${n}"` : `"${e}"`)).join(', ');
const variants = {
  count: { select: 'event_id', decl: readJsonColumns(cols.filter((c) => c.name === 'event_id')), count: true },
  a: { select: sel(A), decl: readJsonColumns() },
  'a-decl': { select: sel(A), decl: decl(A) },
  b: { select: sel([...A, ...CH]), decl: readJsonColumns() },
  'b-decl': { select: sel([...A, ...CH]), decl: decl([...A, ...CH]) },
  c: { select: sel([...C, ...CH]), decl: readJsonColumns() },
  'c-decl': { select: sel([...C, ...CH]), decl: decl([...C, ...CH]) },
  // b-decl with page declared as the one field read (every field of page is VARCHAR: no type check is lost)
  'b-page': { select: sel([...A, ...CH]), decl: decl([...A, ...CH]).replace(/"page": '[^']*'/, `"page": 'STRUCT("referrer" VARCHAR)'`) },
  // … and bot as its one field identity reads (its other fields would no longer be checked here)
  'b-bot': { select: sel([...A, ...CH]), decl: decl([...A, ...CH]).replace(/"page": '[^']*'/, `"page": 'STRUCT("referrer" VARCHAR)'`).replace(/"bot": '[^']*'/, `"bot": 'STRUCT("is_bot" BOOLEAN)'`) },
};
const pick = o.only ? o.only.split(',') : Object.keys(variants);

async function run(name) {
  const v = variants[name];
  const src = (dt) => `read_json([${days.get(dt).join(', ')}], format = 'newline_delimited', hive_partitioning = false, compression = 'gzip', columns = ${v.decl}, maximum_object_size = 16777216)`;
  if (!v.count) await duck.run(`CREATE OR REPLACE TABLE staged AS SELECT ${v.select}, 'x' AS dt FROM ${src(dayList[0])} LIMIT 0`);
  await duck.run(`SET checkpoint_threshold = '1TB'`);
  const c0 = cpu();
  const w0 = performance.now();
  let next = 0;
  await Promise.all(conns.map(async (conn) => {
    while (next < dayList.length) {
      const dt = dayList[next++];
      if (v.count) await conn.run(`SELECT count(event_id) FROM ${src(dt)}`);
      else await conn.run(`INSERT INTO staged SELECT ${v.select}, '${dt}' FROM ${src(dt)}`);
    }
  }));
  const read = cpu() - c0;
  const wall = (performance.now() - w0) / 1000;
  const c1 = cpu();
  if (!v.count) await duck.run('CHECKPOINT');
  const ckpt = cpu() - c1;
  await duck.run(`DROP TABLE IF EXISTS staged; RESET checkpoint_threshold`);
  return { read: (read * 1e6) / rows, ckpt: (ckpt * 1e6) / rows, wall };
}

const results = Object.fromEntries(pick.map((n) => [n, []]));
for (let round = 0; round < Number(o.runs); round++) {
  const order = round % 2 ? [...pick].reverse() : pick;
  for (const name of order) {
    const r = await run(name);
    results[name].push(r);
    console.log(`round ${round + 1} ${name.padEnd(8)} read ${r.read.toFixed(1).padStart(5)} µs CPU/row  checkpoint ${r.ckpt.toFixed(1).padStart(4)}  wall ${r.wall.toFixed(1)} s`);
  }
}
const range = (xs) => `${Math.min(...xs).toFixed(1)} – ${Math.max(...xs).toFixed(1)}`;
for (const [name, rs] of Object.entries(results)) {
  console.log(`${name.padEnd(8)} read ${range(rs.map((r) => r.read))}  checkpoint ${range(rs.map((r) => r.ckpt))}  sum ${range(rs.map((r) => r.read + r.ckpt))} µs CPU/row`);
}
fs.rmSync(tmp, { recursive: true, force: true });
