// The collector's ingest steps in one process, without HTTP: parse → limits + schema → dedup →
// enrich → spool (write + fsync) on tmpfs, 50-event batches from bodies.mjs, 16 in flight, the dedup
// window full. A steadier measure than `npm run bench` on a shared machine (no sockets, no load
// generator), for A/B of builds: each --dist runs in its own process, alternated, and the median and
// range of CPU µs/event (and of GC µs/event) are printed per build.
//   node bench/pipeline.mjs [--dist packages/collector/dist]... [--runs 5] [--batches 1600] [--window 100000]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bodyMaker, headersFor } from './bodies.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', multiple: true, default: [path.join(here, '../packages/collector/dist')] },
    runs: { type: 'string', default: '5' },
    batches: { type: 'string', default: '1600' },
    window: { type: 'string', default: '100000' },
    child: { type: 'boolean', default: false },
  },
});
const BATCH = 50;
const IN_FLIGHT = 16;

/** One measurement of the build in `dist`: { cpu, gc } µs per event. */
async function measure(dist, batches, window) {
  const require = createRequire(path.join(path.resolve(dist), 'x.js'));
  const { Spool } = require('./spool/spool.js');
  const { Ingestor } = require('./ingest/ingestor.js');
  const { Enricher } = require('./enrich/enricher.js');
  const { createMetrics } = require('./metrics/metrics.js');
  const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'actionlake-pipeline-'));
  const spool = new Spool(dir, { collectorId: 'c0' });
  await spool.open();
  const ingestor = new Ingestor({
    spool, metrics: createMetrics({ spoolBytes: () => spool.bytes }), dedupWindow: window, maxBatchEvents: 500, badPayloadMaxBytes: 8192,
    enricher: new Enricher({ collectorId: 'c0', ipMode: 'anonymize', uaCacheSize: 1000, geo: null }),
  });
  for (let i = 0; i < window; i++) ingestor.dedup.add(`ffffffff-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
  const make = bodyMaker(BATCH);
  const run = async (n) => {
    for (let k = 0; k < n; k += IN_FLIGHT) {
      const pending = [];
      for (let j = 0; j < IN_FLIGHT; j++) {
        const bytes = Buffer.from(make());
        const raw = bytes.toString('utf8');
        const h = headersFor(k + j);
        pending.push(ingestor.batch(JSON.parse(raw), raw, { ip: h['x-forwarded-for'], userAgent: h['user-agent'], receivedAt: new Date() }, bytes));
      }
      await Promise.all(pending);
      if (spool.bytes > 64 << 20) {
        await spool.rotate();
        for (const segment of spool.sealed()) await spool.remove(segment);
      }
    }
  };
  await run(batches / 4); // warm: compiled code, caches
  let gc = 0;
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => (gc += e.duration)));
  observer.observe({ entryTypes: ['gc'] });
  const before = process.cpuUsage();
  await run(batches);
  const used = process.cpuUsage(before);
  await new Promise((r) => setTimeout(r, 50)); // the last GC entries
  observer.disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
  const events = batches * BATCH;
  return { cpu: (used.user + used.system) / events, gc: (gc * 1000) / events };
}

if (opts.child) {
  console.log(JSON.stringify(await measure(opts.dist[0], Number(opts.batches), Number(opts.window))));
} else {
  const results = new Map(opts.dist.map((d) => [d, []]));
  for (let r = 0; r < Number(opts.runs); r++) {
    const order = r % 2 ? [...opts.dist].reverse() : opts.dist;
    for (const dist of order) {
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--dist', dist, '--batches', opts.batches, '--window', opts.window], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      results.get(dist).push(JSON.parse(out.stdout.trim().split('\n').pop()));
    }
  }
  const stat = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[s.length >> 1].toFixed(1)} (${s[0].toFixed(1)} – ${s[s.length - 1].toFixed(1)})`;
  };
  console.log(`${opts.runs} runs each, alternated; ${Number(opts.batches) * BATCH} events per run, dedup window ${Number(opts.window).toLocaleString('en-US')}`);
  console.log('build'.padEnd(48), 'CPU µs/event: median (range)'.padEnd(30), 'GC µs/event');
  for (const [dist, rs] of results) console.log(path.relative(process.cwd(), dist).padEnd(48), stat(rs.map((x) => x.cpu)).padEnd(30), stat(rs.map((x) => x.gc)));
}
