// The collector's ingest steps in one process, without HTTP: parse → limits + schema → dedup →
// enrich → spool (write + fsync) on tmpfs, 50-event batches from bodies.mjs, 16 in flight, the dedup
// window full. A steadier measure than `npm run bench` on a shared machine (no sockets, no load
// generator), for A/B of builds: each --dist runs in its own process, alternated, and the median and
// range of CPU µs/event (and of GC µs/event) are printed per build.
// `--kind segment` (repeatable with `--kind browser`): the server API's batches instead, Segment's
// `{"batch": [...]}` of segment-bodies.mjs through server-api.ts's store (source path, same spool).
//   node bench/pipeline.mjs [--dist packages/collector/dist]... [--kind browser|segment]... [--runs 5] [--batches 1600] [--window 100000]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bodyMaker, headersFor } from './bodies.mjs';
import { segmentBodyMaker } from './segment-bodies.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', multiple: true, default: [path.join(here, '../packages/collector/dist')] },
    runs: { type: 'string', default: '5' },
    batches: { type: 'string', default: '1600' },
    window: { type: 'string', default: '100000' },
    kind: { type: 'string', multiple: true, default: ['browser'] },
    child: { type: 'boolean', default: false },
  },
});
const BATCH = 50;
const IN_FLIGHT = 16;

/** One measurement of the build in `dist`: { cpu, gc } µs per event. */
async function measure(dist, batches, window, kind) {
  const require = createRequire(path.join(path.resolve(dist), 'x.js'));
  const { Spool } = require('./spool/spool.js');
  const { Ingestor } = require('./ingest/ingestor.js');
  const { Enricher } = require('./enrich/enricher.js');
  const { createMetrics } = require('./metrics/metrics.js');
  const dir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'actionlake-pipeline-'));
  const spool = new Spool(dir, { collectorId: 'c0' });
  await spool.open();
  const enricher = new Enricher({ collectorId: 'c0', ipMode: 'anonymize', uaCacheSize: 1000, geo: null });
  const ingestor = new Ingestor({
    spool, metrics: createMetrics({ spoolBytes: () => spool.bytes }), dedupWindow: window, maxBatchEvents: 500, badPayloadMaxBytes: 8192,
    enricher,
  });
  for (let i = 0; i < window; i++) ingestor.dedup.add(`ffffffff-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
  const segment = kind === 'segment' ? serverApiOf(require, ingestor, spool, enricher) : null;
  const make = segment ? segmentBodyMaker(BATCH, WRITE_KEY) : bodyMaker(BATCH);
  const run = async (n) => {
    for (let k = 0; k < n; k += IN_FLIGHT) {
      const pending = [];
      for (let j = 0; j < IN_FLIGHT; j++) {
        const bytes = Buffer.from(make());
        const raw = bytes.toString('utf8');
        const h = headersFor(k + j);
        if (segment) {
          pending.push(segment(JSON.parse(raw), raw, bytes));
          continue;
        }
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

const WRITE_KEY = 'wk_bench_pipeline_1';

/** The server API's store for a parsed body (server-api.ts `parsed`: the key in the body), answered into a stand-in response. */
function serverApiOf(require, ingestor, spool, enricher) {
  const { serverApi } = require('./http/server-api.js');
  const { SourcePath } = require('./sources/common-path.js');
  const { createMetrics } = require('./metrics/metrics.js');
  const { loadConfig } = require('./config.js');
  const { sourceMetrics } = require('./sources/source-metrics.js');
  const config = loadConfig({});
  const source = { id: 'bench-backend', kind: 'server', site: 'bench', write_key: WRITE_KEY };
  const sources = { byWriteKey: (k) => (k === WRITE_KEY ? source : undefined) };
  const path = new SourcePath({ ingestor, enricher, headerMaxChars: config.headerMaxChars, collectorId: 'c0' });
  const metrics = sourceMetrics(createMetrics({ spoolBytes: () => spool.bytes }).registry);
  const logger = { error: (...a) => console.error(...a) };
  const api = serverApi({ config, sources, path, ingestor, spool, metrics, logger, now: () => new Date() });
  return (body, raw, bytes) => new Promise((resolve, reject) => {
    const res = { statusCode: 0, setHeader() {}, end: (text) => (res.statusCode === 200 ? resolve() : reject(new Error(`${res.statusCode} ${text}`))) };
    api.parsed(res, body, raw, bytes, new Date()).catch(reject);
  });
}

if (opts.child) {
  console.log(JSON.stringify(await measure(opts.dist[0], Number(opts.batches), Number(opts.window), opts.kind[0])));
} else {
  const runs = opts.dist.flatMap((dist) => opts.kind.map((kind) => ({ dist, kind, label: `${path.relative(process.cwd(), dist)} ${kind}` })));
  const results = new Map(runs.map((r) => [r.label, []]));
  for (let r = 0; r < Number(opts.runs); r++) {
    const order = r % 2 ? [...runs].reverse() : runs;
    for (const { dist, kind, label } of order) {
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', '--dist', dist, '--kind', kind, '--batches', opts.batches, '--window', opts.window], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(out.stderr);
      results.get(label).push(JSON.parse(out.stdout.trim().split('\n').pop()));
    }
  }
  const stat = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[s.length >> 1].toFixed(1)} (${s[0].toFixed(1)} – ${s[s.length - 1].toFixed(1)})`;
  };
  console.log(`${opts.runs} runs each, alternated; ${Number(opts.batches) * BATCH} events per run, dedup window ${Number(opts.window).toLocaleString('en-US')}`);
  console.log('build'.padEnd(48), 'CPU µs/event: median (range)'.padEnd(30), 'GC µs/event');
  for (const [label, rs] of results) console.log(label.padEnd(48), stat(rs.map((x) => x.cpu)).padEnd(30), stat(rs.map((x) => x.gc)));
}
