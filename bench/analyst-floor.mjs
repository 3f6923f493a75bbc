#!/usr/bin/env node
/**
 * What any `compact` of this lake must at least spend (issue 7): the steps every path from the raw
 * gzip NDJSON objects (contract §5) to sorted zstd Parquet goes through, each measured alone on the
 * same objects, in one process, CPU beside wall:
 *
 *   node bench/analyst-floor.mjs [--events 1000000] [--objects N] [--runs R] [--compact] [--before <main.js>] [--floor-only]
 *
 * - gunzip and split into lines (DuckDB read_ndjson_objects);
 * - Node: gunzip (zlib) + JSON.parse of every line, one thread;
 * - DuckDB read_json into the typed columns of tables/events; into VARCHAR columns only;
 * - sorting the typed rows by occurred_at; writing them as zstd Parquet (sorted).
 * - the fair floor (issue 22 §4, third round): each day's objects `read_json` typed → sorted → zstd
 *   Parquet in one streaming statement, at 1 DuckDB thread per day and one day per core at a time,
 *   each core on its own connection: the same parallelism compact is allowed (compact/per-core.ts).
 *   The old floor (read typed into a table at DuckDB's default threads, then sort + zstd) doubles
 *   the read's CPU on these many small objects; both are printed.
 * With --compact (issue 22 §4: compact's CPU per event within 1.1× of this floor, in the same run),
 * `R` rounds, interleaved: both floors, `actionlake compact` from
 * scratch of this build and, with --before, of another build (its dist/cli/main.js), each under
 * /usr/bin/time (CPU, peak RSS); ranges over the rounds at the end. The other steps above run once
 * (skipped with --floor-only).
 * Needs `npm run build` (the typed columns come from packages/analyst/dist).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { generatedLake, timed } from './analyst-cli.mjs';

const require = createRequire(import.meta.url);
const { DuckDBInstance } = require('@duckdb/node-api');
const { readJsonColumns } = require('../packages/analyst/dist/compact/columns.js');
const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' }, objects: { type: 'string' }, runs: { type: 'string', default: '1' },
    compact: { type: 'boolean', default: false }, before: { type: 'string' }, 'floor-only': { type: 'boolean', default: false },
  },
});

const lake = await generatedLake(Number(o.events), '50000', '60');
const all = fs.readdirSync(path.join(lake, 'events'), { recursive: true }).filter((f) => f.endsWith('.ndjson.gz')).map((f) => path.join(lake, 'events', f));
const files = o.objects ? all.slice(0, Number(o.objects)) : all;
const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
const tmp = fs.mkdtempSync(path.join(path.dirname(lake), 'floor-'));
const db = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '4GB', temp_directory: tmp });
const duck = await db.connect();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let rows = 0;
let bytes = 0;

async function step(name, fn) {
  const w0 = performance.now();
  const c0 = cpu();
  await fn();
  const wall = (performance.now() - w0) / 1000;
  const c = cpu() - c0;
  console.log(`${name.padEnd(44)} ${wall.toFixed(1).padStart(6)} s wall ${c.toFixed(1).padStart(6)} s CPU  ${((c * 1e6) / rows).toFixed(1).padStart(5)} µs CPU/row  ${Math.round(rows / wall).toLocaleString('en-US').padStart(9)} rows/s`);
  return (c * 1e6) / rows;
}

const count = async (sql) => Number((await duck.runAndReadAll(sql)).getRows()[0][0]);
rows = await count(`SELECT count(*) FROM read_ndjson_objects([${list}], compression = 'gzip')`);
console.log(`${files.length} objects, ${rows.toLocaleString('en-US')} rows`);
if (!o['floor-only']) {
  await step('gunzip + lines (DuckDB)', async () => { await count(`SELECT count(*) FROM read_ndjson_objects([${list}], compression = 'gzip')`); });
  await step('gunzip + JSON.parse (Node, one thread)', async () => {
    for (const f of files) {
      const s = zlib.gunzipSync(fs.readFileSync(f)).toString('utf8');
      bytes += s.length;
      for (let i = 0; i < s.length; ) {
        let j = s.indexOf('\n', i);
        if (j < 0) j = s.length;
        if (j > i) JSON.parse(s.slice(i, j));
        i = j + 1;
      }
    }
  });
  console.log(`(${Math.round(bytes / rows)} bytes per row as JSON)`);
}
const cols = readJsonColumns();
const rj = (c) => `read_json([${list}], format = 'newline_delimited', compression = 'gzip', columns = ${c}, maximum_object_size = 16777216)`;
if (!o['floor-only']) {
  await step('read_json, every column VARCHAR (DuckDB)', async () => { await duck.run(`CREATE OR REPLACE TABLE v AS SELECT * FROM ${rj(cols.replace(/'[^']*'/g, "'VARCHAR'"))}`); });
  await duck.run('DROP TABLE v');
}
const floor = [];
const fair = [];
// the fair floor's own instance: 1 thread, one connection per core, one day on each at a time
const cores = os.availableParallelism();
const fairDb = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '4GB', temp_directory: tmp });
const fairConns = [];
for (let i = 0; i < cores; i++) fairConns.push(await fairDb.connect());
const days = new Map();
for (const f of files) {
  const dt = /dt=([^/]+)/.exec(f)?.[1] ?? '';
  days.set(dt, [...(days.get(dt) ?? []), `'${f.replace(/'/g, "''")}'`]);
}
const dayList = [...days.keys()].sort();
async function fairFloor() {
  let next = 0;
  await Promise.all(fairConns.map(async (conn) => {
    while (next < dayList.length) {
      const dt = dayList[next++];
      const src = `read_json([${days.get(dt).join(', ')}], format = 'newline_delimited', compression = 'gzip', columns = ${cols}, maximum_object_size = 16777216)`;
      await conn.run(`COPY (SELECT * FROM ${src} ORDER BY occurred_at, event_id) TO '${path.join(tmp, `fair-${dt}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
    }
  }));
}
const compactRuns = { after: [], before: [] };
async function compactOnce(kind, cli) {
  fs.rmSync(path.join(lake, 'tables'), { recursive: true, force: true });
  const t = await timed(['compact', '--lake', lake], cli ? { cli } : {});
  const n = Number(/\((\d+) events/.exec(t.out)?.[1] ?? 0);
  // per raw row, as the floor (the rows written are ~1 % fewer: copies of an event)
  const r = { cpu: t.cpu, wall: t.wall, rssMB: t.rssMB, rows: n, us: (t.cpu * 1e6) / rows };
  compactRuns[kind].push(r);
  console.log(`compact (${kind === 'after' ? 'this build' : o.before})`.padEnd(45) + `${t.wall.toFixed(1).padStart(6)} s wall ${t.cpu.toFixed(1).padStart(6)} s CPU  ${r.us.toFixed(1).padStart(5)} µs CPU/row (${n} rows written)  peak RSS ${t.rssMB} MB`);
}
for (let round = 0; round < Number(o.runs); round++) {
  if (Number(o.runs) > 1) console.log(`-- round ${round + 1}`);
  const read = await step('read_json, typed columns of tables/events', async () => { await duck.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM ${rj(cols)}`); });
  if (round === 0 && !o['floor-only']) {
    await step('sort by occurred_at (from memory)', async () => { await duck.run('CREATE OR REPLACE TABLE s AS SELECT * FROM t ORDER BY occurred_at, event_id'); });
    await duck.run('DROP TABLE s');
  }
  const write = await step('sort + zstd Parquet (from memory)', async () => {
    await duck.run(`COPY (SELECT * FROM t ORDER BY occurred_at, event_id) TO '${path.join(tmp, 'out.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
  });
  await duck.run('DROP TABLE t');
  floor.push(read + write);
  console.log(`${'old floor (read typed + sort and zstd Parquet)'.padEnd(45)}${' '.repeat(30)}${(read + write).toFixed(1).padStart(5)} µs CPU/row`);
  fair.push(await step(`fair floor: per day, 1 thread, ${cores} days at once`, fairFloor));
  if (!o.compact) continue;
  // alternate which build goes first
  const order = round % 2 ? ['before', 'after'] : ['after', 'before'];
  for (const kind of order) if (kind === 'after' || o.before) await compactOnce(kind, kind === 'before' ? o.before : undefined);
}
const range = (xs, d = 1) => `${Math.min(...xs).toFixed(d)} – ${Math.max(...xs).toFixed(d)}`;
if (o.compact) {
  console.log(`\nfair floor ${range(fair)} µs CPU/row; old floor ${range(floor)} µs CPU/row`);
  for (const kind of o.before ? ['after', 'before'] : ['after']) {
    const rs = compactRuns[kind];
    console.log(`compact (${kind === 'after' ? 'this build' : 'before'}) ${range(rs.map((r) => r.us))} µs CPU/row, ` +
      `${range(rs.map((r, i) => r.us / fair[i]), 2)}× the fair floor of its round, ${range(rs.map((r, i) => r.us / floor[i]), 2)}× the old floor, ` +
      `wall ${range(rs.map((r) => r.wall))} s, peak RSS ${range(rs.map((r) => r.rssMB), 0)} MB`);
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`150,000 events/s on 2 cores leaves ${(2e6 / 150000).toFixed(1)} µs CPU per event for all of it`);
