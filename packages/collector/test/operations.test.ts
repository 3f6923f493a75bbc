/** Back-pressure, readiness, restarts, lake failures and the static routes, on a real port. */
import fs from 'node:fs';
import http from 'node:http';
import zlib from 'node:zlib';
import path from 'node:path';
import type { LakeSink } from '../src/app';
import { LocalFolderSink } from '../src/app';
import { batch, event, lakeRows, metricValue, start, tempDir, waitFor } from './support/harness';

describe('rate limit', () => {
  it('answers 429 with Retry-After to the request just over the burst, per client', async () => {
    const h = await start({ rateLimitRps: 1, rateLimitBurst: 3, trustProxy: true });
    try {
      const from = (ip: string) => h.post(batch([event()]), { 'x-forwarded-for': ip });
      for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).status).toBe(200);
      const limited = await from('203.0.113.7');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await limited.json()).error).toMatch(/rate limit/);
      // another visitor is not affected
      expect((await from('203.0.113.8')).status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  it('is off when RATE_LIMIT_RPS is 0', async () => {
    const h = await start({ rateLimitRps: 0, rateLimitBurst: 1 });
    try {
      for (let i = 0; i < 5; i++) expect((await h.post(batch([event()]))).status).toBe(200);
    } finally {
      await h.stop();
    }
  });
});

describe('spool full', () => {
  it('answers 503 with Retry-After and /readyz 503 until a flush frees the spool', async () => {
    const h = await start({ spoolMaxBytes: 2_000 });
    try {
      expect((await h.post(batch(Array.from({ length: 5 }, () => event())))).status).toBe(200);
      expect(h.collector.spool.bytes).toBeGreaterThanOrEqual(2_000);
      const full = await h.post(batch([event()]));
      expect(full.status).toBe(503);
      expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const ready = await fetch(`${h.url}/readyz`);
      expect(ready.status).toBe(503);
      expect((await ready.json()).reason).toMatch(/spool full/);

      await h.collector.flush();
      expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
      expect((await h.post(batch([event()]))).status).toBe(200);
    } finally {
      await h.stop();
    }
  });
});

describe('restart', () => {
  it('uploads what a killed collector left in the spool, ignoring a torn last line, without storing repeats', async () => {
    const first = await start();
    const events = Array.from({ length: 4 }, () => event());
    expect((await first.post(batch(events))).status).toBe(200);
    // the files on disk right after the 200, as a SIGKILL would leave them, plus a torn write
    const root = tempDir('restart');
    fs.cpSync(first.spoolDir, path.join(root, 'spool'), { recursive: true });
    await first.stop();
    const segs = fs.readdirSync(path.join(root, 'spool')).sort();
    fs.appendFileSync(path.join(root, 'spool', segs[segs.length - 1]), '{"k":"e","s":"shop","r":{"event_id":"torn');

    const second = await start({}, { root });
    try {
      const rows = await waitFor(() => lakeRows(second.lakeDir, 'events/'), (r) => r.length >= 4);
      expect(rows.map((r) => r.row.event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
      // the page retries the same events (it never saw the answer): acknowledged, not stored again
      expect(await (await second.post(batch(events))).json()).toMatchObject({ accepted: 4, rejected: 0 });
      await second.collector.flush();
      expect(lakeRows(second.lakeDir, 'events/')).toHaveLength(4);
      expect(fs.readdirSync(second.spoolDir).filter((f) => f.startsWith('seg-') && fs.statSync(path.join(second.spoolDir, f)).size > 0)).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it('remembers event ids across a graceful restart: a page re-sending a beaconed event gets it stored once', async () => {
    const root = tempDir('redeploy');
    const first = await start({}, { root });
    const e = event();
    expect((await first.post(batch([e]))).status).toBe(200);
    await first.collector.close(); // uploads the spool: nothing of e is left in it
    const second = await start({}, { root });
    try {
      expect(await (await second.post(batch([e]))).json()).toMatchObject({ accepted: 1, rejected: 0 });
      await second.collector.flush();
      expect(lakeRows(second.lakeDir, 'events/').filter((r) => r.row.event_id === e.event_id)).toHaveLength(1);
      expect(await metricValue(second.url, 'actionlake_events_duplicate_total')).toBe(1);
    } finally {
      await second.stop();
    }
  });

  it('writes the lake under a relative LAKE_DIR (an embedder passing a relative path)', async () => {
    const root = tempDir('relative');
    const sink = new LocalFolderSink(path.relative(process.cwd(), path.join(root, 'lake')));
    await sink.put('events/site_id=shop/dt=2024-05-01/hour=00/c-1.ndjson.gz', Buffer.from('x'));
    expect(fs.readFileSync(path.join(root, 'lake/events/site_id=shop/dt=2024-05-01/hour=00/c-1.ndjson.gz'), 'utf8')).toBe('x');
    await expect(sink.put('../escape.ndjson.gz', Buffer.from('x'))).rejects.toThrow('key escapes the lake');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('close() flushes everything to the lake (what SIGTERM does)', async () => {
    const root = tempDir('close');
    const h = await start({}, { root: path.join(root, 'app') });
    const events = [event(), event()];
    expect((await h.post(batch(events))).status).toBe(200);
    const lakeDir = h.lakeDir;
    await h.collector.close();
    expect(lakeRows(lakeDir, 'events/').map((r) => r.row.event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
    fs.rmSync(root, { recursive: true, force: true });
  });
});

/** A sink that fails its first `failures` writes. */
class FlakySink implements LakeSink {
  calls = 0;
  healthy = true;
  constructor(private readonly inner: LakeSink, private failures: number) {}
  get describe() {
    return 'flaky';
  }
  async put(key: string, body: Buffer) {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('simulated lake outage');
    }
    await this.inner.put(key, body);
  }
  get(key: string) {
    return this.inner.get(key);
  }
  async check() {
    if (!this.healthy) throw new Error('simulated lake outage');
  }
}

describe('lake failures', () => {
  it('keeps the spool, counts the failure and writes on a later attempt', async () => {
    const root = tempDir('flaky');
    const sink = new FlakySink(new LocalFolderSink(path.join(root, 'lake')), 1);
    const h = await start({}, { root, sink });
    try {
      const e = event();
      expect((await h.post(batch([e]))).status).toBe(200);
      await expect(h.collector.flush()).rejects.toThrow(/simulated lake outage/);
      expect(await metricValue(h.url, 'actionlake_lake_write_failures_total')).toBe(1);
      expect(h.collector.spool.bytes).toBeGreaterThan(0);
      expect(lakeRows(h.lakeDir, 'events/')).toEqual([]);

      await h.collector.flush();
      expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).toEqual([e.event_id]);
      expect(h.collector.spool.bytes).toBe(0);
      expect(await metricValue(h.url, 'actionlake_lake_bytes_written_total')).toBeGreaterThan(0);
    } finally {
      await h.stop();
    }
  });

  it('reports not ready while the lake is unreachable', async () => {
    const root = tempDir('down');
    const sink = new FlakySink(new LocalFolderSink(path.join(root, 'lake')), 0);
    const h = await start({}, { root, sink });
    try {
      expect((await fetch(`${h.url}/readyz`)).status).toBe(200);
      sink.healthy = false;
      const res = await fetch(`${h.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).reason).toMatch(/lake not reachable/);
    } finally {
      await h.stop();
    }
  });
});

describe('ops and static routes', () => {
  it('serves /healthz and per-app /metrics with the collector metric names', async () => {
    const h = await start();
    try {
      expect(await (await fetch(`${h.url}/healthz`)).json()).toEqual({ ok: true });
      await h.post(batch([event(), event()]));
      const text = await (await fetch(`${h.url}/metrics`)).text();
      for (const name of ['actionlake_events_accepted_total', 'actionlake_events_rejected_total', 'actionlake_lake_bytes_written_total',
        'actionlake_lake_write_duration_seconds', 'actionlake_lake_write_failures_total', 'actionlake_spool_bytes']) expect(text).toContain(name);
      expect(await metricValue(h.url, 'actionlake_events_accepted_total')).toBe(2);
      expect(await metricValue(h.url, 'actionlake_spool_bytes')).toBe(h.collector.spool.bytes);
      expect(h.collector.spool.bytes).toBeGreaterThan(0);
      await h.collector.flush();
      expect(await metricValue(h.url, 'actionlake_spool_bytes')).toBe(0);
    } finally {
      await h.stop();
    }
  });

  it('serves the SDK bundle with CORS and a short cache, 404 for a recorder bundle not built', async () => {
    const sdkDir = tempDir('sdk');
    const recorderDir = tempDir('recorder-empty');
    fs.writeFileSync(path.join(sdkDir, 'sdk.js'), 'window.x = 1;');
    // a recorder.js next to the SDK is not the recorder: it comes from RECORDER_DIR only
    fs.writeFileSync(path.join(sdkDir, 'recorder.js'), 'window.wrong = 1;');
    const h = await start({ sdkDir, recorderDir });
    try {
      const res = await fetch(`${h.url}/sdk.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cache-control')).toMatch(/max-age=300/);
      expect(await res.text()).toBe('window.x = 1;');
      const missing = await fetch(`${h.url}/recorder.js`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
      expect(missing.headers.get('cache-control')).toBeNull();
      expect(await missing.json()).toEqual({ error: 'not found' });
    } finally {
      await h.stop();
      fs.rmSync(sdkDir, { recursive: true, force: true });
      fs.rmSync(recorderDir, { recursive: true, force: true });
    }
  });

  it('serves the bundle precompressed by Accept-Encoding (br, gzip), with Vary, an ETag per encoding and a cache that revalidates within minutes', async () => {
    const sdkDir = tempDir('sdk-enc');
    const js = 'window.sdk = "' + 'x'.repeat(2000) + '";';
    fs.writeFileSync(path.join(sdkDir, 'sdk.js'), js);
    fs.writeFileSync(path.join(sdkDir, 'sdk.js.gz'), zlib.gzipSync(js));
    fs.writeFileSync(path.join(sdkDir, 'sdk.js.br'), zlib.brotliCompressSync(js));
    const h = await start({ sdkDir });
    const get = (enc: string, extra: Record<string, string> = {}) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http.get(`${h.url}/sdk.js`, { headers: { 'accept-encoding': enc, ...extra } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
    try {
      const br = await get('gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(br.body).toString()).toBe(js);
      expect(br.headers.vary).toMatch(/Accept-Encoding/i);
      expect(br.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=3600');
      const gz = await get('gzip');
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(gz.body).toString()).toBe(js);
      expect(gz.body.length).toBeLessThan(js.length / 10);
      const plain = await get('br;q=0, gzip;q=0');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.toString()).toBe(js);
      expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
      const again = await get('gzip', { 'if-none-match': gz.headers.etag as string });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      // a new release: a new ETag, the old one no longer matches
      fs.writeFileSync(path.join(sdkDir, 'sdk.js'), js + '//2');
      const next = await get('identity', { 'if-none-match': plain.headers.etag as string });
      expect(next.status).toBe(200);
      expect(next.body.toString()).toBe(js + '//2');
    } finally {
      await h.stop();
      fs.rmSync(sdkDir, { recursive: true, force: true });
    }
  });

  it('serves /recorder.js from RECORDER_DIR with CORS and a short cache', async () => {
    const recorderDir = tempDir('recorder');
    fs.writeFileSync(path.join(recorderDir, 'recorder.js'), 'window.recorder = 1;');
    const h = await start({ recorderDir });
    try {
      const res = await fetch(`${h.url}/recorder.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('cache-control')).toMatch(/max-age=300/);
      expect(await res.text()).toBe('window.recorder = 1;');
    } finally {
      await h.stop();
      fs.rmSync(recorderDir, { recursive: true, force: true });
    }
  });

  it('serves the demo under /demo/ and redirects / there when a demo folder is given', async () => {
    const demoDir = tempDir('demo');
    fs.writeFileSync(path.join(demoDir, 'index.html'), '<h1>demo shop</h1>');
    const h = await start({ demoDir });
    try {
      const root = await fetch(`${h.url}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/demo/');
      expect(await (await fetch(`${h.url}/demo/`)).text()).toContain('demo shop');
    } finally {
      await h.stop();
      fs.rmSync(demoDir, { recursive: true, force: true });
    }
  });
});

describe('client address', () => {
  it('looks geo up on the full forwarded address, then stores it reduced per IP_MODE', async () => {
    const looked: string[] = [];
    const geo = (ip: string) => {
      looked.push(ip);
      return { country: 'GB', region: 'ENG', city: 'London', continent: 'EU', timezone: 'Europe/London', latitude: 51.5, longitude: -0.1 };
    };
    for (const [ipMode, stored] of [['anonymize', '81.2.69.0'], ['full', '81.2.69.142'], ['none', null]] as const) {
      const h = await start({ trustProxy: true, ipMode }, { geo });
      try {
        const e = event();
        await h.post(batch([e]), { 'x-forwarded-for': '6.6.6.6, ::ffff:81.2.69.142' }); // a visitor-written entry, then the proxy's
        await h.collector.flush();
        const row = lakeRows(h.lakeDir, 'events/')[0].row;
        expect(row.ip).toBe(stored);
        expect(row.geo.country).toBe('GB');
      } finally {
        await h.stop();
      }
    }
    expect(looked).toEqual(['81.2.69.142', '81.2.69.142', '81.2.69.142']);
  });

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const h = await start({ trustProxy: false, ipMode: 'full' });
    try {
      await h.post(batch([event()]), { 'x-forwarded-for': '81.2.69.142' });
      await h.collector.flush();
      expect(lakeRows(h.lakeDir, 'events/')[0].row.ip).toBe('127.0.0.1');
    } finally {
      await h.stop();
    }
  });
});
