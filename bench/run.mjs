// `npm run bench`: bundle sizes against their budgets (bundles.mjs), and collector throughput against a bare
// node:http baseline measured in the same run. Server pinned to core 0, load generator to core 1
// (when taskset exists). Results print as a table and go to bench/results/latest.json.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSizes, printSizes } from './bundles.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

function pinned(core, args) {
  return hasTaskset ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url) {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never came up`);
}

function startServer(args, env) {
  const [cmd, argv] = pinned(0, args);
  const proc = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return proc;
}

function load(url, size) {
  const [cmd, argv] = pinned(1, [path.join(here, 'load.mjs'), url, String(size), String(CONCURRENCY), String(SECONDS)]);
  const out = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

function rssOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) * 1024;
  } catch {
    return null;
  }
}

/** What a page load asks for: the demo site's definitions, one tagged action saved. */
const ACTIONS_PATH = '/v1/sites/demo/actions';
const ADMIN_TOKEN = 'bench-token';
const DEFINITION = {
  name: 'Product clicked', selector: '.product-card .buy', container: '.product-card',
  product: { name: '.title', price: '.price', brand: '.brand', id: '@data-sku' },
};

async function measure(name, args, env, readyPath, ingestPath) {
  const port = await freePort();
  const proc = startServer(args(port), { ...env, PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(base + readyPath);
  await fetch(base + ACTIONS_PATH + '/product-clicked', {
    method: 'PUT', body: JSON.stringify(DEFINITION),
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
  });
  const batch = load(base + ingestPath, 50);
  const single = load(base + ingestPath, 1);
  const actions = load(base + ACTIONS_PATH, 0);
  const rss = rssOf(proc.pid);
  proc.kill('SIGTERM');
  await new Promise((r) => proc.on('exit', r));
  return { name, batch50: { ...batch, events_per_s: batch.requests_per_s * 50 }, single, actions, rss_bytes: rss };
}

const bundles = bundleSizes();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlake-bench-'));
const baseline = await measure('node:http 204', (p) => [path.join(here, 'baseline-server.mjs'), p], {}, '/', '/v1/batch');
const collector = await measure(
  'collector',
  () => [path.join(root, 'packages/collector/dist/server.js')],
  {
    LAKE_DIR: path.join(tmp, 'lake'),
    SPOOL_DIR: path.join(tmp, 'spool'),
    TRUST_PROXY: '1',
    RATE_LIMIT_RPS: '0',
    LOG_LEVEL: 'warn',
    FLUSH_INTERVAL_MS: '5000',
    ADMIN_TOKEN,
  },
  '/readyz',
  '/v1/batch',
);
fs.rmSync(tmp, { recursive: true, force: true });

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, pinned: hasTaskset },
  seconds: SECONDS,
  concurrency: CONCURRENCY,
  bundles,
  baseline,
  collector,
  ratios: {
    batch50_requests: collector.batch50.requests_per_s / baseline.batch50.requests_per_s,
    single_requests: collector.single.requests_per_s / baseline.single.requests_per_s,
    actions_requests: collector.actions.requests_per_s / baseline.actions.requests_per_s,
  },
};
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results/latest.json'), JSON.stringify(result, null, 2));

const f = (n) => Math.round(n).toLocaleString('en-US');
const withinBudgets = printSizes(bundles);
console.log(`\n${SECONDS}s per run, ${CONCURRENCY} connections, server on one core${hasTaskset ? ' (taskset)' : ''}`);
console.log('server          | 50-event batches: req/s  events/s | single events: req/s | GET actions: req/s | peak RSS');
for (const r of [baseline, collector]) {
  console.log(`${r.name.padEnd(15)} | ${f(r.batch50.requests_per_s).padStart(22)} ${f(r.batch50.events_per_s).padStart(9)} | ${f(r.single.requests_per_s).padStart(20)} | ${f(r.actions.requests_per_s).padStart(18)} | ${r.rss_bytes ? f(r.rss_bytes / 1048576) + ' MB' : '?'}`);
}
const pct = (x) => (x * 100).toFixed(1) + '%';
console.log(`collector / baseline: batches ${pct(result.ratios.batch50_requests)}, single events ${pct(result.ratios.single_requests)}, GET actions ${pct(result.ratios.actions_requests)}`);
for (const r of [baseline, collector]) {
  if (r.batch50.failed || r.single.failed || r.actions.failed) console.log(`${r.name}: non-2xx answers`, r.batch50.statuses, r.single.statuses, r.actions.statuses);
}
if (!withinBudgets) process.exitCode = 1;
