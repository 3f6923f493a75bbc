// `node bench/survivors.mjs [sdk|segment]...` (after `npm run build`): what survives the young
// generation under HTTP load, in bytes per event by the function that allocated it, beside the GC
// pauses of the same window. Objects that die young cost a scavenge nothing; what survives is
// copied, promoted, then marked: it makes scavenges and mark-compacts longer and more frequent.
// Each kind gets a fresh collector (server-api.mjs's settings: WORKERS=1 on core 0, dedup window
// full, a server source) loaded with 50-event batches (sdk.js's, or Segment's with Basic auth) by
// load.mjs on core 1; survivors-preload.cjs samples from 2 s into the load to its end.
// BENCH_RUNS (default 2) repeats each kind in a new process: V8 does not make the same choices in
// every process (see bench/README.md, issue 20 fifth pass). BENCH_COLLECTOR: another build's
// dist/server.js; BENCH_SECONDS (default 8). Results: bench/results/survivors.json.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, pinned, sleep, waitReady } from './proc.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const server = path.resolve(process.env.BENCH_COLLECTOR ?? path.join(here, '../packages/collector/dist/server.js'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const KINDS = process.argv.length > 2 ? process.argv.slice(2) : ['sdk', 'segment'];
const WRITE_KEY = 'wk_bench_survivors_1';
const WINDOW = 100_000;
const SKIP_MS = 2000;

async function measure(kind) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlake-survivors-'));
  const spool = path.join(dir, 'spool');
  fs.mkdirSync(spool);
  fs.writeFileSync(path.join(spool, 'dedup-window.txt'), Array.from({ length: WINDOW }, (_, i) => `ffffffff-0000-4000-8000-${String(i).padStart(12, '0')}`).join('\n'));
  fs.writeFileSync(path.join(dir, 'sources.json'), JSON.stringify([{ id: 'bench-backend', kind: 'server', site: 'bench', write_key: WRITE_KEY }]));
  const out = path.join(dir, 'survivors.json');
  const port = await freePort();
  const env = {
    ...process.env, PORT: String(port), WORKERS: '1', TRUST_PROXY: '1', RATE_LIMIT_RPS: '0', SPOOL_CLIENT_MAX_BYTES: String(2 ** 30), LOG_LEVEL: 'warn',
    FLUSH_INTERVAL_MS: '5000', DEDUP_WINDOW: String(WINDOW), LAKE_DIR: path.join(dir, 'lake'), SPOOL_DIR: spool, SOURCES_FILE: path.join(dir, 'sources.json'), DEMO_DIR: '',
    SURVIVORS_OUT: out, SURVIVORS_MS: String((SECONDS + 1) * 1000 - SKIP_MS - 500),
  };
  const [cmd, argv] = pinned(0, ['--require', path.join(here, 'survivors-preload.cjs'), server]);
  const proc = spawn(cmd, argv, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${base}/readyz`);
    const [lcmd, largv] = pinned(1, [path.join(here, 'load.mjs'), `${base}/v1/batch`, '50', '32', String(SECONDS), kind]);
    const load = spawn(lcmd, largv, { env: { ...process.env, BENCH_WRITE_KEY: WRITE_KEY }, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    load.stdout.on('data', (d) => (text += d));
    await sleep(SKIP_MS);
    // the collector is the node process itself, or taskset's child that exec'd it (same pid)
    process.kill(proc.pid, 'SIGUSR2');
    await new Promise((r) => load.on('exit', r));
    for (let i = 0; i < 100 && !fs.existsSync(out); i++) await sleep(100);
    const r = JSON.parse(text.trim().split('\n').pop());
    const { ms, gc, profile } = JSON.parse(fs.readFileSync(out, 'utf8'));
    const events = (r.requests_per_s * 50 * ms) / 1000;
    const by = new Map();
    const walk = (n) => {
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
      if (n.selfSize) by.set(key, (by.get(key) ?? 0) + n.selfSize);
      n.children.forEach(walk);
    };
    walk(profile.head);
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    const perEvent = (x) => Math.round((x * 1000) / events) / 1000;
    return {
      kind, events_per_s: r.requests_per_s * 50, survived_bytes_per_event: Math.round(total / events),
      scavenge_us_per_event: perEvent(gc.minor.ms * 1000), scavenges: gc.minor.n, mark_compact_us_per_event: perEvent(gc.major.ms * 1000), mark_compacts: gc.major.n,
      top: [...by].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, v]) => [k, Math.round(v / events)]),
    };
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.on('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (let run = 0; run < RUNS; run++) {
  for (const kind of run % 2 ? [...KINDS].reverse() : KINDS) {
    const m = await measure(kind);
    results.push(m);
    console.log(`${kind.padEnd(8)} ${Math.round(m.events_per_s).toLocaleString('en-US').padStart(7)} events/s  survived ${String(m.survived_bytes_per_event).padStart(5)} B/event  scavenges ${m.scavenges} (${m.scavenge_us_per_event} µs/event)  mark-compacts ${m.mark_compacts} (${m.mark_compact_us_per_event} µs/event)`);
    for (const [k, v] of m.top) console.log(`         ${String(v).padStart(5)} B/event  ${k}`);
  }
}
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
fs.writeFileSync(path.join(here, 'results/survivors.json'), JSON.stringify({ date: new Date().toISOString(), collector: server, seconds: SECONDS, results }, null, 2));
