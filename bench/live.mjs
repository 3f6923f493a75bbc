// The live view's cost to ingest: one collector process, POST /v1/batch throughput with no live
// listener against 5 listeners attached to the same site (reading every event), interleaved
// (none, 5, 5, none, ...) and repeated in one run, with the collector's CPU µs per event from
// /proc/<pid>/stat. Steady state: a warm-up first fills the dedup window (DEDUP_WINDOW=10000).
//   npm run build && node bench/live.mjs        (LIVE_ROUNDS=6 LIVE_SECONDS=4 LIVE_CONCURRENCY=16)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bodyMaker, headersFor } from './bodies.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = Number(process.env.LIVE_ROUNDS ?? 6);
const SECONDS = Number(process.env.LIVE_SECONDS ?? 4);
const CONCURRENCY = Number(process.env.LIVE_CONCURRENCY ?? 16);
const BATCH = 20;
const LISTENERS = 5;
const TOKEN = 'bench-token';
const TICK_US = 1e6 / 100; // /proc clock ticks (USER_HZ = 100)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'al-live-bench-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const base = `http://127.0.0.1:${port}`;
const proc = spawn(process.execPath, [path.join(root, 'packages/collector/dist/server.js')], {
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SPOOL_DIR: path.join(dir, 'spool'), LAKE_DIR: path.join(dir, 'lake'), ADMIN_TOKEN: TOKEN,
    RATE_LIMIT_RPS: '0', GEOIP: '0', LOG_LEVEL: 'error', DEMO_DIR: '', DEDUP_WINDOW: '10000', FLUSH_INTERVAL_MS: '10000' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const cpuTicks = () => {
  const f = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime
};

for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    if (i > 200) throw new Error('collector did not start');
  }
  await new Promise((r) => setTimeout(r, 100));
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const makeBody = bodyMaker(BATCH);
let n = 0;
function post() {
  return new Promise((resolve, reject) => {
    const body = makeBody();
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/batch', method: 'POST', agent, headers: { ...headersFor(n++), 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(seconds) {
  const end = Date.now() + seconds * 1000;
  let events = 0;
  const t0 = process.hrtime.bigint();
  const c0 = cpuTicks();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) {
      await post();
      events += BATCH;
    }
  }));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { events_per_s: events / s, cpu_us_per_event: ((cpuTicks() - c0) * TICK_US) / events };
}

/** LISTENERS live streams of site `bench` that read (and count) everything they are sent. */
async function attach() {
  const streams = [];
  for (let i = 0; i < LISTENERS; i++) {
    const ac = new AbortController();
    const res = await fetch(`${base}/v1/sites/bench/live`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: ac.signal });
    if (res.status !== 200) throw new Error(`live: HTTP ${res.status}`);
    const s = { ac, bytes: 0 };
    void (async () => {
      try {
        for await (const chunk of res.body) s.bytes += chunk.length;
      } catch {
        // detached
      }
    })();
    streams.push(s);
  }
  return streams;
}

const dropped = async () => Number(/^actionlake_live_listeners_dropped_total (\d+)/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? 0);

try {
  await load(3); // warm-up: JIT, UA cache, a full dedup window
  const results = { none: [], five: [] };
  let received = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const mode of r % 2 ? ['five', 'none'] : ['none', 'five']) {
      const streams = mode === 'five' ? await attach() : [];
      results[mode].push(await load(SECONDS));
      await new Promise((res) => setTimeout(res, 200));
      for (const s of streams) {
        received += s.bytes;
        s.ac.abort();
      }
    }
  }
  const range = (xs, k, digits) => {
    const v = xs.map((x) => x[k]).sort((a, b) => a - b);
    return `${v[0].toFixed(digits)}–${v[v.length - 1].toFixed(digits)} (median ${v[Math.floor(v.length / 2)].toFixed(digits)})`;
  };
  console.log(`POST /v1/batch, ${BATCH} events per batch, ${CONCURRENCY} in flight, ${ROUNDS} rounds of ${SECONDS} s each, interleaved`);
  for (const mode of ['none', 'five']) {
    console.log(`${mode === 'none' ? 'no listener ' : `${LISTENERS} listeners`}: ${range(results[mode], 'events_per_s', 0)} events/s, ${range(results[mode], 'cpu_us_per_event', 1)} CPU µs/event`);
  }
  console.log(`live bytes read by the listeners: ${(received / 1e6).toFixed(1)} MB; listeners dropped: ${await dropped()}`);
} finally {
  agent.destroy();
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  fs.rmSync(dir, { recursive: true, force: true });
}
