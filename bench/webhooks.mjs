// `npm run bench:webhooks`: webhook deliveries/s and CPU µs per delivery of the real collector
// process (WORKERS=1, pinned to core 0, dedup window full, lake on disk), a load generator
// (webhook-load.mjs) pinned to core 1 signing every delivery as the vendor does: Stripe
// (checkout.session.completed, one event, HMAC) and SendGrid (the documented 11-event batch,
// ECDSA P-256), beside sdk.js's single-event /v1/batch as the yardstick. In each round the three
// loads run back to back in a rotating order on one collector; a load's CPU is counted from its
// start until the collector's spool is empty and it is idle again (the upload to the lake included).
// BENCH_SECONDS (8), BENCH_CONCURRENCY (16), BENCH_ROUNDS (3). Prints a table and the ranges.
import { generateKeyPairSync } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds } from './proc-stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DEDUP_WINDOW = 100_000;
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pinned = (core, args) => (hasTaskset ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args]);

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** until the process uses at most 2 % of a core over half a second (at most 30 s) */
async function idle(pid) {
  for (let i = 0; i < 60; i++) {
    const before = cpuSeconds(pid);
    await sleep(500);
    if (cpuSeconds(pid) - before <= 0.01) return;
  }
}

/** until the spool is empty (at most 30 s): what a load left there is in the lake */
async function drained(base) {
  for (let i = 0; i < 150; i++) {
    try {
      if (/^actionlake_spool_bytes(\{[^}]*\})? 0$/m.test(await (await fetch(`${base}/metrics`)).text())) return;
    } catch {}
    await sleep(200);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlake-bench-hooks-'));
const STRIPE_SECRET = 'whsec_bench_actionlake';
const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const sourcesFile = path.join(tmp, 'sources.json');
fs.writeFileSync(sourcesFile, JSON.stringify([
  { id: 'pay', kind: 'stripe', site: 'bench', secret: STRIPE_SECRET },
  { id: 'mail', kind: 'sendgrid', site: 'bench', public_key: keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') },
]));
const spoolDir = path.join(tmp, 'spool');
fs.mkdirSync(spoolDir);
fs.writeFileSync(path.join(spoolDir, 'dedup-window.txt'),
  Array.from({ length: DEDUP_WINDOW }, (_, i) => `ffffffff-0000-4000-8000-${String(i).padStart(12, '0')}`).join('\n'));

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const [cmd, argv] = pinned(0, [path.join(root, 'packages/collector/dist/server.js')]);
const server = spawn(cmd, argv, {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', WORKERS: '1', SOURCES_FILE: sourcesFile, LAKE_DIR: path.join(tmp, 'lake'), SPOOL_DIR: spoolDir,
    TRUST_PROXY: '1', RATE_LIMIT_RPS: '0', SPOOL_CLIENT_MAX_BYTES: String(2 ** 30), LOG_LEVEL: 'warn', FLUSH_INTERVAL_MS: '5000', DEDUP_WINDOW: String(DEDUP_WINDOW) },
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (let i = 0; i < 200; i++) {
  try { if ((await fetch(`${base}/readyz`)).status < 500) break; } catch {}
  await sleep(100);
}
const pid = server.pid; // taskset execs node in its place

const LOADS = [
  { key: 'stripe', path: '/v1/hooks/pay' },
  { key: 'sendgrid', path: '/v1/hooks/mail' },
  { key: 'browser', path: '/v1/batch' },
];

function load(l) {
  const [c, a] = pinned(1, [path.join(here, 'webhook-load.mjs'), base + l.path, l.key, String(CONCURRENCY), String(SECONDS)]);
  const out = spawnSync(c, a, { encoding: 'utf8', env: { ...process.env, BENCH_STRIPE_SECRET: STRIPE_SECRET, BENCH_SENDGRID_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) } });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

await idle(pid);
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const out = {};
  for (let i = 0; i < LOADS.length; i++) {
    const l = LOADS[(i + r) % LOADS.length];
    const cpu0 = cpuSeconds(pid);
    const m = load(l);
    await drained(base);
    await idle(pid);
    const cpu = cpuSeconds(pid) - cpu0;
    out[l.key] = { ...m, cpu_us_per_delivery: (cpu * 1e6) / m.all_ok, cpu_us_per_event: (cpu * 1e6) / m.all_events };
  }
  rounds.push(out);
}
server.kill('SIGTERM');
await new Promise((r) => server.on('exit', r));
fs.rmSync(tmp, { recursive: true, force: true });

const f = (n) => Math.round(n).toLocaleString('en-US');
const range = (xs, fmt) => `${fmt(Math.min(...xs))} – ${fmt(Math.max(...xs))}`;
console.log(`${SECONDS}s per load, ${CONCURRENCY} connections, collector on one core${hasTaskset ? ' (taskset)' : ''}, ${ROUNDS} interleaved rounds, dedup window full`);
console.log('round load      | deliveries/s  events/s | CPU µs/delivery  µs/event | non-2xx');
rounds.forEach((round, i) => {
  for (const l of LOADS) {
    const m = round[l.key];
    console.log(`${String(i + 1).padEnd(6)}${l.key.padEnd(10)}| ${f(m.deliveries_per_s).padStart(12)} ${f(m.events_per_s).padStart(9)} | ${m.cpu_us_per_delivery.toFixed(1).padStart(15)} ${m.cpu_us_per_event.toFixed(1).padStart(9)} | ${m.failed}`);
  }
});
for (const l of LOADS) {
  const ms = rounds.map((r) => r[l.key]);
  console.log(`${l.key}: ${range(ms.map((m) => m.deliveries_per_s), f)} deliveries/s, ${range(ms.map((m) => m.cpu_us_per_delivery), (x) => x.toFixed(1))} CPU µs per delivery (${range(ms.map((m) => m.cpu_us_per_event), (x) => x.toFixed(1))} per event)`);
}
if (rounds.some((r) => LOADS.some((l) => r[l.key].failed))) {
  console.log('non-2xx answers:', rounds.map((r) => Object.fromEntries(LOADS.map((l) => [l.key, r[l.key].statuses]))));
  process.exitCode = 1;
}
