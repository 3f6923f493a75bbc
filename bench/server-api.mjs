// `node bench/server-api.mjs` (after `npm run build`): the server API (Segment's HTTP Tracking API,
// contract §10) against the browser path on the SAME collector process, so that their ratio is not a
// comparison of two machines' minutes. One collector (WORKERS=1, pinned to core 0, dedup window full,
// a server source in SOURCES_FILE), the load generator on core 1. Each round measures, in mirrored
// order (A B … B A), 50-event batches (sdk.js's body on /v1/batch against Segment's
// `{"batch": [...]}` of 50 messages on /v1/batch with Basic auth), 15-event ones (analytics-node's
// default flushAt, a body within SERVER_MAX_CALL_BYTES) and then single events (a
// one-event sdk.js batch against a /v1/track call). CPU µs per event counts the collector's CPU from
// the start of a load until it is idle again (the upload of what the load spooled included).
//
// BENCH_BASELINE=/path/to/an/older/packages/collector/dist/server.js adds that build beside it (same
// settings, also on core 0, idle but for its own loads), measured on sdk.js's bodies in the same
// mirrored passes: whether the browser path kept its speed. BENCH_BASELINE_SERVER=1 measures the
// server API loads on it too (a before/after of the server API in one run). BENCH_SECONDS, BENCH_CONCURRENCY,
// BENCH_ROUNDS as for run.mjs. Results: bench/results/server-api.json.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, drained, freePort, hasTaskset, idle, pinned, rssOf, waitReady } from './proc.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DEDUP_WINDOW = 100_000;
const WRITE_KEY = 'wk_bench_server_api_1';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlake-bench-server-'));

/** A collector process (`server`: its dist/server.js) on core 0 with its dedup window full. */
async function collector(name, server) {
  const dir = fs.mkdtempSync(path.join(tmp, `${name}-`));
  const spool = path.join(dir, 'spool');
  fs.mkdirSync(spool, { recursive: true });
  fs.writeFileSync(path.join(spool, 'dedup-window.txt'), Array.from({ length: DEDUP_WINDOW }, (_, i) => `ffffffff-0000-4000-8000-${String(i).padStart(12, '0')}`).join('\n'));
  const sourcesFile = path.join(dir, 'sources.json');
  fs.writeFileSync(sourcesFile, JSON.stringify([{ id: 'bench-backend', kind: 'server', site: 'bench', write_key: WRITE_KEY }]));
  const port = await freePort();
  const env = {
    ...process.env, PORT: String(port), WORKERS: '1', TRUST_PROXY: '1', RATE_LIMIT_RPS: '0', SPOOL_CLIENT_MAX_BYTES: String(2 ** 30), LOG_LEVEL: 'warn',
    FLUSH_INTERVAL_MS: '5000', DEDUP_WINDOW: String(DEDUP_WINDOW), LAKE_DIR: path.join(dir, 'lake'), SPOOL_DIR: spool, SOURCES_FILE: sourcesFile, DEMO_DIR: '',
  };
  const proc = hasTaskset ? spawn('taskset', ['-c', '0', process.execPath, server], { env, stdio: ['ignore', 'ignore', 'inherit'] }) : spawn(process.execPath, [server], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/readyz`);
  return { name, pid: proc.pid, base, stop: async () => {
    const rss = rssOf(proc.pid);
    proc.kill('SIGTERM');
    await new Promise((r) => proc.on('exit', r));
    return rss;
  } };
}

function load(url, size, kind) {
  const [cmd, argv] = pinned(1, [path.join(here, 'load.mjs'), url, String(size), String(CONCURRENCY), String(SECONDS), kind]);
  const out = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, BENCH_WRITE_KEY: WRITE_KEY } });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

async function measured(l, c) {
  const cpu0 = cpuSeconds(c.pid);
  const r = load(c.base + l.path, l.size, l.kind);
  await drained(c.base);
  await idle([c.pid]);
  const cpu = cpuSeconds(c.pid) - cpu0;
  const events = r.all_ok * l.size;
  return { load: l.key, events_per_s: r.requests_per_s * l.size, cpu_us_per_event: (cpu * 1e6) / events, failed: r.failed, statuses: r.statuses };
}

const current = await collector('this', path.join(root, 'packages/collector/dist/server.js'));
const baseline = process.env.BENCH_BASELINE ? await collector('baseline', path.resolve(process.env.BENCH_BASELINE)) : null;
await idle([current.pid, ...(baseline ? [baseline.pid] : [])]);
const L = (key, urlPath, size, kind, c = current) => ({ key, path: urlPath, size, kind, c });
const baselineServer = baseline && process.env.BENCH_BASELINE_SERVER === '1';
const GROUPS = [
  [L('browser50', '/v1/batch', 50, 'sdk'), L('server50', '/v1/batch', 50, 'segment'), ...(baseline ? [L('baseline50', '/v1/batch', 50, 'sdk', baseline)] : []), ...(baselineServer ? [L('baselineServer50', '/v1/batch', 50, 'segment', baseline)] : [])],
  // analytics-node's default batch (flushAt 15, ~13 KB: within SERVER_MAX_CALL_BYTES)
  [L('browser15', '/v1/batch', 15, 'sdk'), L('server15', '/v1/batch', 15, 'segment'), ...(baseline ? [L('baseline15', '/v1/batch', 15, 'sdk', baseline)] : []), ...(baselineServer ? [L('baselineServer15', '/v1/batch', 15, 'segment', baseline)] : [])],
  [L('browser1', '/v1/batch', 1, 'sdk'), L('server1', '/v1/track', 1, 'segment'), ...(baseline ? [L('baseline1', '/v1/batch', 1, 'sdk', baseline)] : []), ...(baselineServer ? [L('baselineServer1', '/v1/track', 1, 'segment', baseline)] : [])],
];
const rounds = [];
const rss = {};
try {
  for (let r = 0; r < ROUNDS; r++) {
    const out = [];
    for (const group of GROUPS) {
      const order = r % 2 ? [...group].reverse() : group;
      for (const l of [...order, ...[...order].reverse()]) out.push(await measured(l, l.c));
    }
    rounds.push(out);
    console.error(`round ${r + 1} done`);
  }
} finally {
  rss.this = await current.stop();
  if (baseline) rss.baseline = await baseline.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}

const mean = (list, k) => list.reduce((t, x) => t + x[k], 0) / list.length;
const summary = rounds.map((passes) => Object.fromEntries(GROUPS.flat().map(({ key }) => {
  const of = passes.filter((p) => p.load === key);
  return [key, { events_per_s: mean(of, 'events_per_s'), cpu_us_per_event: mean(of, 'cpu_us_per_event') }];
})));
const result = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, pinned: hasTaskset }, seconds: SECONDS, concurrency: CONCURRENCY, baseline: process.env.BENCH_BASELINE ?? null, rounds, summary, peak_rss_bytes: rss };
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results/server-api.json'), JSON.stringify(result, null, 2));

const f = (n) => Math.round(n).toLocaleString('en-US');
const cell = (s) => `${f(s.events_per_s).padStart(8)} ${s.cpu_us_per_event.toFixed(1).padStart(6)}`;
const ratio = (a, b) => `${(a.events_per_s / b.events_per_s).toFixed(2)}× (${(a.cpu_us_per_event / b.cpu_us_per_event).toFixed(2)}× CPU)`;
console.log(`${SECONDS}s per load, ${CONCURRENCY} connections, collector on one core${hasTaskset ? ' (taskset)' : ''}, ${ROUNDS} rounds of mirrored passes, dedup window full; events/s and CPU µs per event`);
summary.forEach((s, i) => {
  console.log(`round ${i + 1}: 50-event batches  browser ${cell(s.browser50)} | server API ${cell(s.server50)} | server/browser ${ratio(s.server50, s.browser50)}${baseline ? ` | baseline browser ${cell(s.baseline50)} | this/baseline ${ratio(s.browser50, s.baseline50)}` : ''}`);
  console.log(`         15-event batches  browser ${cell(s.browser15)} | server API ${cell(s.server15)} | server/browser ${ratio(s.server15, s.browser15)}${baseline ? ` | baseline browser ${cell(s.baseline15)} | this/baseline ${ratio(s.browser15, s.baseline15)}` : ''}`);
  console.log(`         single events      browser ${cell(s.browser1)} | /v1/track  ${cell(s.server1)} | server/browser ${ratio(s.server1, s.browser1)}${baseline ? ` | baseline browser ${cell(s.baseline1)} | this/baseline ${ratio(s.browser1, s.baseline1)}` : ''}`);
  if (baselineServer) {
    console.log(`         baseline's server API: 50-event ${cell(s.baselineServer50)} (server/browser ${ratio(s.baselineServer50, s.baseline50)}, this/baseline ${ratio(s.server50, s.baselineServer50)})`);
    console.log(`                                15-event ${cell(s.baselineServer15)} (server/browser ${ratio(s.baselineServer15, s.baseline15)}, this/baseline ${ratio(s.server15, s.baselineServer15)})`);
    console.log(`                                /v1/track ${cell(s.baselineServer1)} (server/browser ${ratio(s.baselineServer1, s.baseline1)}, this/baseline ${ratio(s.server1, s.baselineServer1)})`);
  }
});
console.log(`peak RSS: ${Object.entries(rss).map(([k, v]) => `${k} ${Math.round(v / 1048576)} MB`).join(', ')}`);
for (const p of rounds.flat()) if (p.failed) console.log(`${p.load}: non-2xx answers`, p.statuses);
