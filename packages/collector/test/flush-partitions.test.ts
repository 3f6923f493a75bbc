/**
 * Thousands of made-up site ids, each its own partition (object) per flush, must not hold back a
 * real site's events: partitions are written UPLOAD_CONCURRENCY at a time, those of sites a request
 * named alone (as every page's batch does) first, then the largest, at most FLUSH_MAX_PARTITIONS per
 * segment and pass (the rest in the next pass, nothing lost); such a site's rows that arrive while a
 * flood is being written go before the flood's next pass.
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
  /** the keys written, in the order their writes started */
  started: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(root: string, private readonly delayMs: number) {
    super(root);
  }
  override async put(...args: Parameters<LocalFolderSink['put']>): Promise<void> {
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    this.started.push(args[0]);
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

it('a real site\'s one event, sent after 1,000 made-up sites of one event each, is written in the first wave', async () => {
  const root = tempDir('partitions-flood');
  const sink = new SlowSink(path.join(root, 'lake'), 5);
  const h = await start({ uploadConcurrency: 8, flushMaxPartitions: 100, rateLimitRps: 0 }, { root, sink });
  try {
    // as a flood arrives: many sites per batch (one request per made-up site meets RATE_LIMIT_RPS)
    const fakes = Array.from({ length: 1_000 }, (_, i) => event({ site_id: `made-up-${String(i).padStart(4, '0')}` }));
    for (let i = 0; i < fakes.length; i += 500) expect((await h.post(batch(fakes.slice(i, i + 500)))).status).toBe(200);
    const real = event({ site_id: 'shop' }); // one row, a few bytes smaller than each made-up site's
    expect((await h.post(batch([real]))).status).toBe(200);

    await h.collector.flush();
    // the first object written, not the 1,001st
    expect(sink.started.findIndex((key) => key.includes('site_id=shop/'))).toBe(0);
    expect(lakeRows(h.lakeDir, 'events/').length).toBe(1_001);
  } finally {
    await h.stop();
  }
}, 120_000);

it('a real site\'s event that arrives while a flood is being written goes before the rest of the flood', async () => {
  const root = tempDir('partitions-flood-later');
  const sink = new SlowSink(path.join(root, 'lake'), 5);
  const h = await start({ uploadConcurrency: 8, flushMaxPartitions: 100, rateLimitRps: 0 }, { root, sink });
  try {
    // five segments of 200 made-up sites: each pass writes 100 objects of each
    const fakes = Array.from({ length: 1_000 }, (_, i) => event({ site_id: `made-up-${String(i).padStart(4, '0')}` }));
    for (let i = 0; i < fakes.length; i += 200) {
      expect((await h.post(batch(fakes.slice(i, i + 200)))).status).toBe(200);
      await h.collector.spool.rotate();
    }
    const flushed = h.collector.flush();
    while (sink.started.length < 50) await new Promise((r) => setTimeout(r, 2));
    expect((await h.post(batch([event({ site_id: 'shop' })]))).status).toBe(200); // a newer segment
    await flushed;
    await h.collector.flush();
    // written after the pass under way (the first segment's 100), not after the other segments' passes
    expect(sink.started.findIndex((key) => key.includes('site_id=shop/'))).toBeLessThan(200);
    expect(lakeRows(h.lakeDir, 'events/').length).toBe(1_001);
  } finally {
    await h.stop();
  }
}, 120_000);

it('writes the lake objects at LAKE_GZIP_LEVEL, and the rows read back the same at every level', async () => {
  const root = tempDir('gzip-level');
  const sizes: Record<number, number> = {};
  for (const level of [1, 9]) {
    const h = await start({ lakeGzipLevel: level, rateLimitRps: 0 }, { root: path.join(root, String(level)) });
    try {
      const events = Array.from({ length: 300 }, (_, i) => event({ event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, page: { url: `https://shop.example/p/${i % 7}`, title: 'Bikes — Moto Mart' } }));
      for (let i = 0; i < events.length; i += 100) expect((await h.post(batch(events.slice(i, i + 100)))).status).toBe(200);
      await h.collector.flush();
      const files = (fs.readdirSync(path.join(h.lakeDir, 'events'), { recursive: true }) as string[]).filter((f) => f.endsWith('.gz'));
      expect(files).toHaveLength(1);
      const body = fs.readFileSync(path.join(h.lakeDir, 'events', files[0]));
      // the gzip header's XFL byte: 2 = slowest, best compression (level 9), 4 = fastest (level 1)
      expect(body[8]).toBe(level === 9 ? 2 : 4);
      sizes[level] = body.length;
      expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id).sort()).toEqual(events.map((e) => e.event_id));
    } finally {
      await h.stop();
    }
  }
  expect(sizes[9]).toBeLessThan(sizes[1]);
}, 60_000);
