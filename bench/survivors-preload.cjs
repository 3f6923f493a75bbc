// Loaded into a collector by survivors.mjs (`node --require`): from a SIGUSR2 on, for SURVIVORS_MS,
// V8's sampling heap profiler keeps the allocations that no scavenge collected
// (includeObjectsCollectedByMinorGC: false; those a mark-compact collected stay listed), i.e. what
// survived a young-generation collection or was allocated old, with the stack that allocated it;
// and a PerformanceObserver sums that window's minor and major GC pauses. Both are written as JSON
// to SURVIVORS_OUT. In process (node:inspector), so no debugger port is opened.
const fs = require('node:fs');
const inspector = require('node:inspector');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
const gc = { minor: { n: 0, ms: 0 }, major: { n: 0, ms: 0 }, other: { n: 0, ms: 0 } };
let counting = false;
new PerformanceObserver((list) => {
  if (!counting) return;
  for (const e of list.getEntries()) {
    const kind = e.detail?.kind ?? e.kind;
    const k = kind === constants.NODE_PERFORMANCE_GC_MINOR ? 'minor' : kind === constants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : 'other';
    gc[k].n++;
    gc[k].ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

process.once('SIGUSR2', async () => {
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
  counting = true;
  const started = performance.now();
  setTimeout(async () => {
    const { profile } = await post('HeapProfiler.stopSampling');
    counting = false;
    fs.writeFileSync(process.env.SURVIVORS_OUT, JSON.stringify({ ms: performance.now() - started, gc, profile }));
  }, Number(process.env.SURVIVORS_MS)).unref();
});
