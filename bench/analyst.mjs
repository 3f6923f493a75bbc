#!/usr/bin/env node
/**
 * The analyst benchmark (issue 7), in one run on a synthetic lake (bench/analyst-generate.mjs,
 * generated once and kept under bench/results/):
 *
 *   node bench/analyst.mjs [--events 1000000] [--visitors 50000] [--days 60] [--runs 3]
 *
 * - compact from scratch, `runs` times: events/s (wall), CPU µs/event (user+sys), peak RSS
 *   (/usr/bin/time); and the no-op re-run;
 * - models (wall, peak RSS); profile latency (the whole command) when the models branch provides it;
 * - Parquet size vs raw gzip NDJSON;
 * - "revenue by channel, last 30 days" on the Parquet tables vs on the raw NDJSON, interleaved.
 * Writes bench/results/analyst.json. Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { cliPath, generatedLake, repo, sh, timed } from './analyst-cli.mjs';

const require = createRequire(import.meta.url);
const { values: o } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    visitors: { type: 'string', default: '50000' },
    days: { type: 'string', default: '60' },
    runs: { type: 'string', default: '3' },
    /** compact-from-scratch runs; 0 keeps the tables of an earlier run (to measure the rest) */
    'compact-runs': { type: 'string' },
  },
});
const EVENTS = Number(o.events);
const RUNS = Number(o.runs);
const COMPACT_RUNS = o['compact-runs'] === undefined ? RUNS : Number(o['compact-runs']);
const lake = await generatedLake(EVENTS, o.visitors, o.days);

function du(dir) {
  let total = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const f of fs.readdirSync(dir, { recursive: true })) {
    const st = fs.statSync(path.join(dir, f));
    if (st.isFile()) total += st.size;
  }
  return total;
}

const range = (xs, digits = 0) => {
  const f = (x) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return `${f(Math.min(...xs))} – ${f(Math.max(...xs))}`;
};

const lakeArgs = ['--lake', lake];
const results = { events: EVENTS, lake, compact: [], noop: null, models: null, profile: [], sizes: null, revenue: { parquet: [], raw: [] } };

// compact from scratch, RUNS times
for (let i = 0; i < COMPACT_RUNS; i++) {
  fs.rmSync(path.join(lake, 'tables'), { recursive: true, force: true });
  const t = await timed(['compact', ...lakeArgs]);
  const rows = Number(/\((\d+) events\)/.exec(t.out)?.[1] ?? 0);
  results.compact.push({ ...t, rows, eventsPerSec: rows / t.wall, cpuUsPerEvent: (t.cpu * 1e6) / rows });
  console.log(`compact #${i + 1}: ${t.out}  [${t.wall}s wall, ${t.cpu.toFixed(1)}s cpu, ${t.rssMB} MB peak]`);
}
results.noop = await timed(['compact', ...lakeArgs]);
console.log(`compact again (nothing new): ${results.noop.out} [${results.noop.wall}s wall, ${results.noop.rssMB} MB]`);

try {
  results.models = await timed(['models', ...lakeArgs]);
  console.log(`models: ${results.models.out} [${results.models.wall}s wall, ${results.models.cpu.toFixed(1)}s cpu, ${results.models.rssMB} MB]`);
} catch (err) {
  results.models = { error: err.message };
  console.log(`models FAILED: ${err.message.split('\n')[0]}`);
}

const help = await sh(process.execPath, [cliPath, '--help']);
if (/^\s+profile\s/m.test(help.out)) {
  const q = await sh(process.execPath, [cliPath, 'query', ...lakeArgs, '--json', "SELECT anonymous_id FROM events WHERE user_id IS NOT NULL LIMIT 1"]);
  const id = JSON.parse(q.out)[0]?.anonymous_id;
  try {
    for (let i = 0; i < RUNS && id; i++) results.profile.push(await timed(['profile', id, ...lakeArgs, '--json']));
  } catch (err) {
    console.log(`profile FAILED: ${err.message.split('\n')[0]}`);
  }
  if (results.profile.length) console.log(`profile ${id}: ${range(results.profile.map((p) => p.wall), 2)} s (the whole command: node start, DuckDB, views)`);
} else console.log('profile: not in this build (the models branch adds it)');

results.sizes = { rawGzipBytes: du(path.join(lake, 'events')), parquetBytes: du(path.join(lake, 'tables/events')) };
console.log(`sizes: raw gzip NDJSON ${(results.sizes.rawGzipBytes / 1e6).toFixed(1)} MB, Parquet ${(results.sizes.parquetBytes / 1e6).toFixed(1)} MB (${(results.sizes.parquetBytes / results.sizes.rawGzipBytes * 100).toFixed(0)} %)`);

// revenue by channel, last 30 days of the lake: Parquet tables vs raw NDJSON (deduplicated), interleaved
const { Duck } = require(path.join(repo, 'packages/analyst/dist/ground/duck/duck.js'));
const { readJsonColumns } = require(path.join(repo, 'packages/analyst/dist/compact/columns.js'));
const work = fs.mkdtempSync(path.join(repo, 'bench/results/duck-'));
const duck = await Duck.open({ tempDir: work });
await duck.run(fs.readFileSync(path.join(repo, 'packages/analyst/sql/macros/channel.sql'), 'utf8'));
const days = fs.readdirSync(path.join(lake, 'events/site_id=shop')).map((d) => d.slice(3)).sort();
const since = days[Math.max(0, days.length - 30)];
// the channel of the session each purchase happened in (its first event's), as an analyst would ask it
const revenueSql = (events) => `WITH e AS (${events}),
    s AS (SELECT session_id, arg_min(channel, occurred_at) AS channel FROM e GROUP BY 1)
  SELECT s.channel, round(sum(p.price * coalesce(p.quantity, 1)), 2) AS revenue
  FROM (SELECT session_id, unnest(products) AS p FROM e WHERE action = 'Order completed') o JOIN s USING (session_id)
  GROUP BY 1 ORDER BY 2 DESC`;
const parquetSql = revenueSql(`SELECT event_id, session_id, action, occurred_at, products, channel
    FROM read_parquet('${lake}/tables/events/*/*/*.parquet', hive_partitioning = true) WHERE dt >= '${since}'`);
const rawSql = revenueSql(`SELECT event_id, session_id, action, occurred_at, products, channel(utm, click_ids, source, source_type, page.referrer) AS channel
    FROM read_json('${lake}/events/site_id=shop/*/*/*.ndjson.gz', format = 'newline_delimited', hive_partitioning = true, columns = ${readJsonColumns()})
    WHERE dt >= '${since}' QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY received_at) = 1`);
let answer;
for (let i = 0; i < RUNS; i++) {
  for (const [kind, sql] of [['parquet', parquetSql], ['raw', rawSql]]) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const rows = await duck.all(sql);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(c0);
    results.revenue[kind].push({ ms, cpuMs: (cpu.user + cpu.system) / 1000 });
    if (kind === 'parquet') answer = rows;
  }
}
duck.close();
fs.rmSync(work, { recursive: true, force: true });
console.log(`revenue by channel since ${since}: Parquet ${range(results.revenue.parquet.map((r) => r.ms))} ms, raw NDJSON ${range(results.revenue.raw.map((r) => r.ms))} ms`);
console.table(answer);

const c = results.compact;
console.log('\nsummary');
if (c.length) console.log(`  compact: ${range(c.map((r) => r.eventsPerSec))} events/s, ${range(c.map((r) => r.cpuUsPerEvent), 1)} CPU µs/event, peak RSS ${range(c.map((r) => r.rssMB))} MB`);
fs.writeFileSync(path.join(repo, 'bench/results/analyst.json'), JSON.stringify(results, null, 2));
