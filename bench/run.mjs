// `npm run bench`: bundle sizes against their budgets (bundles.mjs), and collector throughput against a bare
// node:http baseline measured in the same run. Server pinned to core 0, load generator to core 1
// (when taskset exists). In each round the servers run side by side and every load is measured on
// them back to back; a server's CPU is counted from the start of a load until it is idle again.
// Results print as a table and go to bench/results/latest.json.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSizes, printSizes } from './bundles.mjs';
import { cpuSeconds, drained, freePort, hasTaskset, idle, pinned, rssOf, waitReady } from './proc.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** passes of each load per round: 1, or an even number (mirrored pairs cancel a drift) */
const PASSES = ((n) => (n <= 1 ? 1 : n + (n % 2)))(Math.round(Number(process.env.BENCH_PASSES ?? 2)) || 1);
const DEDUP_WINDOW = 100_000;

function load(url, size) {
  const [cmd, argv] = pinned(1, [path.join(here, 'load.mjs'), url, String(size), String(CONCURRENCY), String(SECONDS)]);
  const out = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

/**
 * One load against a running server: throughput over the load, and CPU µs per event from the
 * load's start until the server is idle again (warm-up and the upload of the load's tail included).
 */
async function measured(pid, url, size, drained) {
  const cpu0 = cpuSeconds(pid);
  const r = load(url, size);
  if (drained) await drained();
  await idle([pid]);
  const cpu = cpuSeconds(pid) - cpu0;
  const events = r.all_ok * Math.max(1, size);
  return { ...r, events_per_s: r.requests_per_s * Math.max(1, size), events, cpu_s: cpu, cpu_us_per_event: events ? (cpu * 1e6) / events : null };
}

/** What a page load asks for: the demo site's definitions, one tagged action saved. */
const ACTIONS_PATH = '/v1/sites/demo/actions';
const ADMIN_TOKEN = 'bench-token';
const DEFINITION = {
  name: 'Product clicked', selector: '.product-card .buy', container: '.product-card',
  product: { name: '.title', price: '.price', brand: '.brand', id: '@data-sku' },
};

/** Starts `server` on `cores` and waits until it answers. */
async function started(server, cores = [0]) {
  const port = await freePort();
  const setup = server.setup?.() ?? {};
  const args = server.args(port);
  const env = { ...process.env, ...server.env, ...setup.env, PORT: String(port) };
  const proc = hasTaskset
    ? spawn('taskset', ['-c', cores.join(','), process.execPath, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] })
    : spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base + server.ready);
  if (server.actions) {
    await fetch(base + ACTIONS_PATH + '/product-clicked', {
      method: 'PUT', body: JSON.stringify(DEFINITION),
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    });
  }
  const stop = async () => {
    const rss = rssOf(proc.pid);
    proc.kill('SIGTERM');
    await new Promise((r) => proc.on('exit', r));
    setup.cleanup?.();
    return rss;
  };
  return { server, pid: proc.pid, base, stop, drained: server.drained && (() => server.drained(base)) };
}

const LOADS = [
  { key: 'batch50', path: () => '/v1/batch', size: 50 },
  { key: 'single', path: () => '/v1/batch', size: 1 },
  { key: 'actions', path: () => ACTIONS_PATH, size: 0, only: (s) => s.actions },
];

/** A load's passes on one server: mean throughput, CPU per event over all of them (the passes kept beside). */
function meanOf(passes) {
  const mean = (k) => passes.reduce((t, p) => t + p[k], 0) / passes.length;
  const statuses = {};
  for (const p of passes) for (const [code, n] of Object.entries(p.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const events = passes.reduce((t, p) => t + p.events, 0);
  return {
    requests_per_s: mean('requests_per_s'), events_per_s: mean('events_per_s'),
    cpu_us_per_event: events ? (passes.reduce((t, p) => t + p.cpu_s, 0) * 1e6) / events : null,
    failed: passes.reduce((t, p) => t + p.failed, 0), statuses, passes,
  };
}

/**
 * One round: `servers` run side by side (each pinned to `cores`, idle but for the one under load),
 * and each load is measured on them back to back, PASSES times in mirrored order (A B C, C B A), so
 * that a ratio compares measurements seconds apart rather than minutes on this shared machine, and
 * a machine getting faster or slower during the round favours no server: each server's figure is
 * the mean of its passes.
 */
async function round(servers, cores = [0]) {
  const running = [];
  for (const s of servers) running.push(await started(s, cores));
  await idle(running.map((r) => r.pid));
  const out = Object.fromEntries(servers.map((s) => [s.name, { name: s.name, actions: null }]));
  for (const l of LOADS) {
    const passes = new Map(running.map((r) => [r, []]));
    for (let p = 0; p < PASSES; p++) {
      for (const r of p % 2 ? [...running].reverse() : running) {
        if (l.only && !l.only(r.server)) continue;
        passes.get(r).push(await measured(r.pid, r.base + l.path(), l.size, r.drained));
      }
    }
    for (const [r, ps] of passes) if (ps.length) out[r.server.name][l.key] = meanOf(ps);
  }
  for (const r of running) out[r.server.name].rss_bytes = await r.stop();
  return out;
}

const bundles = bundleSizes();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlake-bench-'));

/**
 * The collector with its dedup window full, as after any restart in production (steady state). The
 * load's five client addresses stand for many visitors: no rate limit, and a client's spool share
 * (SPOOL_CLIENT_MAX_BYTES, 64 MiB between flushes by default) as large as the spool: at ~6,000
 * events/s an address counts ~8 MB/s against its share, and was refused with 429 whenever a flush
 * ended more than 8 s after the last one (half of a round's batch requests, once).
 */
function collector(workers, dist = path.join(root, 'packages/collector/dist'), label = '') {
  return {
    name: (workers === 1 ? 'collector' : `collector ×${workers}`) + label,
    args: () => [path.join(dist, 'server.js')],
    env: { TRUST_PROXY: '1', RATE_LIMIT_RPS: '0', SPOOL_CLIENT_MAX_BYTES: String(2 ** 30), LOG_LEVEL: 'warn', FLUSH_INTERVAL_MS: '5000', ADMIN_TOKEN, WORKERS: String(workers), DEDUP_WINDOW: String(DEDUP_WINDOW) },
    ready: '/readyz',
    actions: true,
    drained,
    setup() {
      const dir = fs.mkdtempSync(path.join(tmp, 'collector-'));
      const spool = path.join(dir, 'spool');
      const ids = Array.from({ length: DEDUP_WINDOW }, (_, i) => `ffffffff-0000-4000-8000-${String(i).padStart(12, '0')}`).join('\n');
      // SPOOL_DIR/dedup-window.txt: one process, or the primary's window; worker-<i>/: builds before
      // the shared window (which the primary reads too, as an earlier version's)
      for (const sub of ['', ...(workers === 1 ? [] : Array.from({ length: workers }, (_, i) => `worker-${i + 1}`))]) {
        fs.mkdirSync(path.join(spool, sub), { recursive: true });
        fs.writeFileSync(path.join(spool, sub, 'dedup-window.txt'), ids);
      }
      return { env: { LAKE_DIR: path.join(dir, 'lake'), SPOOL_DIR: spool }, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  };
}
const baselineServer = { name: 'node:http 204', args: (p) => [path.join(here, 'baseline-server.mjs'), p], env: {}, ready: '/', actions: true };
const naiveServer = {
  name: 'naive Express', args: (p) => [path.join(here, 'naive-express.mjs'), p, path.join(tmp, `naive-${p}`)], env: {}, ready: '/', actions: false,
};

// interleaved: every round measures each load on each server, back to back, in a rotating order
const rounds = [];
const order = [baselineServer, naiveServer, collector(1)];
for (let r = 0; r < (process.env.BENCH_MAIN === '0' ? 0 : ROUNDS); r++) {
  const servers = order.map((_, i) => order[(i + r) % order.length]);
  const measuredRound = await round(servers);
  rounds.push(Object.fromEntries(order.map((s) => [s.name, measuredRound[s.name]])));
}
// WORKERS: the collector on both cores with 1 and with 2 workers (the load generator shares them);
// BENCH_BASE=<another build's packages/collector/dist> adds that build's 1 and 2 workers, interleaved
const workers = [];
if (process.env.BENCH_WORKERS !== '0') {
  const base = process.env.BENCH_BASE;
  const builds = [(n) => collector(n), ...(base ? [(n) => collector(n, path.resolve(base), ' (base)')] : [])];
  const runs = builds.flatMap((build) => [1, 2].map((n) => () => build(n)));
  for (let r = 0; r < ROUNDS; r++) {
    for (const make of r % 2 ? [...runs].reverse() : runs) workers.push(Object.values(await round([make()], [0, 1]))[0]);
  }
}
fs.rmSync(tmp, { recursive: true, force: true });

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, pinned: hasTaskset },
  seconds: SECONDS,
  passes: PASSES,
  concurrency: CONCURRENCY,
  bundles,
  rounds,
  ratios: rounds.map((round) => ({
    batch50_vs_naive: round.collector.batch50.events_per_s / round['naive Express'].batch50.events_per_s,
    single_vs_naive: round.collector.single.events_per_s / round['naive Express'].single.events_per_s,
    batch50_cpu_vs_naive: round.collector.batch50.cpu_us_per_event / round['naive Express'].batch50.cpu_us_per_event,
    single_cpu_vs_naive: round.collector.single.cpu_us_per_event / round['naive Express'].single.cpu_us_per_event,
    // pass by pass: what one pass alone would have said
    batch50_passes: round.collector.batch50.passes.map((p, i) => p.events_per_s / round['naive Express'].batch50.passes[i].events_per_s),
    single_passes: round.collector.single.passes.map((p, i) => p.events_per_s / round['naive Express'].single.passes[i].events_per_s),
  })),
  workers,
};
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results/latest.json'), JSON.stringify(result, null, 2));

const f = (n) => (n === null || n === undefined ? '-' : Math.round(n).toLocaleString('en-US'));
const us = (n) => (n === null || n === undefined ? '-' : n.toFixed(1));
const withinBudgets = printSizes(bundles);
console.log(`\n${SECONDS}s per load, ${CONCURRENCY} connections, server on one core${hasTaskset ? ' (taskset)' : ''}, ${ROUNDS} interleaved rounds of ${PASSES} mirrored passes, dedup window full (${DEDUP_WINDOW.toLocaleString('en-US')} ids)`);
console.log('round server                 | 50-event batches: events/s  µs/event | single events: req/s  µs/event | GET actions: req/s | peak RSS');
const row = (label, r) =>
  console.log(`${label.padEnd(6)}${r.name.padEnd(23)}| ${f(r.batch50.events_per_s).padStart(26)} ${us(r.batch50.cpu_us_per_event).padStart(9)} | ${f(r.single.requests_per_s).padStart(20)} ${us(r.single.cpu_us_per_event).padStart(9)} | ${f(r.actions?.requests_per_s).padStart(18)} | ${r.rss_bytes ? f(r.rss_bytes / 1048576) + ' MB' : '?'}`);
rounds.forEach((round, i) => {
  for (const r of Object.values(round)) row(String(i + 1), r);
});
const x = (v) => v.toFixed(2) + '×';
const each = (v) => (v.length > 1 ? ` [passes ${v.map(x).join(', ')}]` : '');
result.ratios.forEach((q, i) => console.log(`round ${i + 1}: collector / naive Express — batches ${x(q.batch50_vs_naive)} events/s${each(q.batch50_passes)} (${x(q.batch50_cpu_vs_naive)} CPU per event), single events ${x(q.single_vs_naive)} req/s${each(q.single_passes)} (${x(q.single_cpu_vs_naive)} CPU per event)`));
if (workers.length) {
  console.log('\nWORKERS, collector on both cores (the load generator shares them):');
  for (const r of workers) row('', r);
}
for (const round of [...rounds, workers]) {
  for (const r of Object.values(round)) {
    if (r.batch50.failed || r.single.failed || r.actions?.failed) console.log(`${r.name}: non-2xx answers`, r.batch50.statuses, r.single.statuses, r.actions?.statuses);
  }
}
if (!withinBudgets) process.exitCode = 1;
