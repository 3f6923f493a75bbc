// `node bench/server-api.mjs` (after `npm run build`): the server API (Segment's HTTP Tracking API,
// contract §10) against the browser path on the SAME collector process, so that their ratio is not a
// comparison of two machines' minutes. One collector (WORKERS=1, pinned to core 0, dedup window full,
// a server source in SOURCES_FILE), the load generator on core 1. Each round measures, in mirrored
// order (browser, server, server, browser), 50-event batches (sdk.js's body on /v1/batch against
// Segment's `{"batch": [...]}` of 50 messages on /v1/batch with Basic auth) and then single events
// (a one-event sdk.js batch against a /v1/track call). CPU µs per event counts the collector's CPU
// from the start of a load until it is idle again (the upload of what the load spooled included).
// BENCH_SECONDS, BENCH_CONCURRENCY, BENCH_ROUNDS as for run.mjs. Results: bench/results/server-api.json.
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
const spool = path.join(tmp, 'spool');
fs.mkdirSync(spool, { recursive: true });
fs.writeFileSync(path.join(spool, 'dedup-window.txt'), Array.from({ length: DEDUP_WINDOW }, (_, i) => `ffffffff-0000-4000-8000-${String(i).padStart(12, '0')}`).join('\n'));
const sourcesFile = path.join(tmp, 'sources.json');
fs.writeFileSync(sourcesFile, JSON.stringify([{ id: 'bench-backend', kind: 'server', site: 'bench', write_key: WRITE_KEY }]));

const port = await freePort();
const env = {
  ...process.env, PORT: String(port), WORKERS: '1', TRUST_PROXY: '1', RATE_LIMIT_RPS: '0', SPOOL_CLIENT_MAX_BYTES: String(2 ** 30), LOG_LEVEL: 'warn',
  FLUSH_INTERVAL_MS: '5000', DEDUP_WINDOW: String(DEDUP_WINDOW), LAKE_DIR: path.join(tmp, 'lake'), SPOOL_DIR: spool, SOURCES_FILE: sourcesFile, DEMO_DIR: '',
};
const server = path.join(root, 'packages/collector/dist/server.js');
const proc = hasTaskset ? spawn('taskset', ['-c', '0', process.execPath, server], { env, stdio: ['ignore', 'ignore', 'inherit'] }) : spawn(process.execPath, [server], { env, stdio: ['ignore', 'ignore', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
await waitReady(`${base}/readyz`);
await idle([proc.pid]);

function load(urlPath, size, kind) {
  const [cmd, argv] = pinned(1, [path.join(here, 'load.mjs'), base + urlPath, String(size), String(CONCURRENCY), String(SECONDS), kind]);
  const out = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, BENCH_WRITE_KEY: WRITE_KEY } });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

async function measured(l) {
  const cpu0 = cpuSeconds(proc.pid);
  const r = load(l.path, l.size, l.kind);
  await drained(base);
  await idle([proc.pid]);
  const cpu = cpuSeconds(proc.pid) - cpu0;
  const events = r.all_ok * l.size;
  return { load: l.key, events_per_s: r.requests_per_s * l.size, cpu_us_per_event: (cpu * 1e6) / events, failed: r.failed, statuses: r.statuses };
}

const LOADS = {
  browser50: { key: 'browser50', path: '/v1/batch', size: 50, kind: 'sdk' },
  server50: { key: 'server50', path: '/v1/batch', size: 50, kind: 'segment' },
  browser1: { key: 'browser1', path: '/v1/batch', size: 1, kind: 'sdk' },
  server1: { key: 'server1', path: '/v1/track', size: 1, kind: 'segment' },
};
const rounds = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    const out = [];
    for (const [a, b] of [['browser50', 'server50'], ['browser1', 'server1']]) {
      const order = r % 2 ? [b, a, a, b] : [a, b, b, a];
      for (const k of order) out.push(await measured(LOADS[k]));
    }
    rounds.push(out);
    console.error(`round ${r + 1} done`);
  }
} finally {
  const rss = rssOf(proc.pid);
  proc.kill('SIGTERM');
  await new Promise((r) => proc.on('exit', r));
  fs.rmSync(tmp, { recursive: true, force: true });
  console.error(`peak RSS ${Math.round(rss / 1048576)} MB`);
}

const mean = (list, k) => list.reduce((t, x) => t + x[k], 0) / list.length;
const summary = rounds.map((passes) => {
  const of = (key) => passes.filter((p) => p.load === key);
  const pair = (a, b) => ({
    events_per_s: [mean(of(a), 'events_per_s'), mean(of(b), 'events_per_s')],
    cpu_us_per_event: [mean(of(a), 'cpu_us_per_event'), mean(of(b), 'cpu_us_per_event')],
  });
  return { batches: pair('browser50', 'server50'), single: pair('browser1', 'server1') };
});
const result = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, pinned: hasTaskset }, seconds: SECONDS, concurrency: CONCURRENCY, rounds, summary };
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results/server-api.json'), JSON.stringify(result, null, 2));

const f = (n) => Math.round(n).toLocaleString('en-US');
const us = (n) => n.toFixed(1);
console.log(`${SECONDS}s per load, ${CONCURRENCY} connections, one collector on one core${hasTaskset ? ' (taskset)' : ''}, ${ROUNDS} rounds of mirrored passes, dedup window full`);
console.log('round | 50-event batches: browser events/s µs/event | server API events/s µs/event | ratio | single events: browser events/s µs | /v1/track events/s µs | ratio');
summary.forEach((s, i) => {
  const b = s.batches;
  const o = s.single;
  console.log(`${String(i + 1).padEnd(6)}| ${f(b.events_per_s[0]).padStart(10)} ${us(b.cpu_us_per_event[0]).padStart(6)} | ${f(b.events_per_s[1]).padStart(10)} ${us(b.cpu_us_per_event[1]).padStart(6)} | ${(b.events_per_s[1] / b.events_per_s[0]).toFixed(2)}× (${(b.cpu_us_per_event[1] / b.cpu_us_per_event[0]).toFixed(2)}× CPU) | ${f(o.events_per_s[0]).padStart(7)} ${us(o.cpu_us_per_event[0]).padStart(6)} | ${f(o.events_per_s[1]).padStart(7)} ${us(o.cpu_us_per_event[1]).padStart(6)} | ${(o.events_per_s[1] / o.events_per_s[0]).toFixed(2)}× (${(o.cpu_us_per_event[1] / o.cpu_us_per_event[0]).toFixed(2)}× CPU)`);
});
for (const p of rounds.flat()) if (p.failed) console.log(`${p.load}: non-2xx answers`, p.statuses);
