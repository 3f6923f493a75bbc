/**
 * Thousands of made-up site ids, each its own partition (object) per flush, must not hold back a
 * real site's events: partitions are written UPLOAD_CONCURRENCY at a time, the largest first, at
 * most FLUSH_MAX_PARTITIONS per segment and pass (the rest in the next pass, nothing lost).
 */
import { LocalFolderSink, type LakeSink } from '../src/app';
import { batch, event, lakeRows, start, tempDir } from './support/harness';
import fs from 'node:fs';
import path from 'node:path';

const objects = (dir: string) =>
  fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ndjson.gz')).length : 0;

/** The real local lake, each write taking `delayMs` (a distant S3). */
class SlowSink extends LocalFolderSink implements LakeSink {
  writes = 0;
  inFlight = 0;
  maxInFlight = 0;
  constructor(root: string, private readonly delayMs: number) {
    super(root);
  }
  override async put(...args: Parameters<LocalFolderSink['put']>): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
      await super.put(...args);
      this.writes++;
    } finally {
      this.inFlight--;
    }
  }
}

it('a real site is written before 200 one-event fake sites, and every event arrives', async () => {
  const root = tempDir('partitions');
  const sink = new SlowSink(path.join(root, 'lake'), 30);
  const h = await start({ uploadConcurrency: 8, flushMaxPartitions: 50, rateLimitRps: 0 }, { root, sink });
  try {
    const fakes = Array.from({ length: 200 }, (_, i) => event({ site_id: `fake-${i}` }));
    for (let i = 0; i < fakes.length; i += 100) expect((await h.post(batch(fakes.slice(i, i + 100)))).status).toBe(200);
    const real = Array.from({ length: 20 }, () => event({ site_id: 'real-shop' }));
    expect((await h.post(batch(real))).status).toBe(200);

    const flushed = h.collector.flush();
    let writesBeforeReal = -1;
    const deadline = Date.now() + 60_000;
    while (writesBeforeReal < 0 && Date.now() < deadline) {
      if (objects(path.join(h.lakeDir, 'events', 'site_id=real-shop')) > 0) writesBeforeReal = sink.writes;
      else await new Promise((r) => setTimeout(r, 20));
    }
    await flushed;
    // the real site's object was among the first wave, not behind the fake ones
    expect(writesBeforeReal).toBeGreaterThanOrEqual(0);
    expect(writesBeforeReal).toBeLessThan(25);
    const stored = lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id).sort();
    expect(stored).toEqual([...fakes, ...real].map((e) => e.event_id).sort());
    expect(h.collector.spool.sealed()).toEqual([]);
    expect(sink.maxInFlight).toBe(8); // UPLOAD_CONCURRENCY
  } finally {
    await h.stop();
  }
}, 90_000);
