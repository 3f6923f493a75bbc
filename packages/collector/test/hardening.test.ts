/**
 * What a hostile or careless client cannot do to the collector on a real port: amplify one header
 * into every row, take the whole spool from other clients, flood the lake with made-up sites, hold
 * sockets with a trickled body, or get an answer a browser would sniff.
 */
import net from 'node:net';
import { batch, event, lakeRows, start } from './support/harness';

/** Sends raw bytes on a fresh socket; resolves with what came back and how long until it closed. */
function rawExchange(port: number, chunks: string[], gapMs: number, giveUpMs: number): Promise<{ text: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const sock = net.connect(port, '127.0.0.1');
    let text = '';
    let i = 0;
    const timer = setInterval(() => {
      if (i < chunks.length && !sock.destroyed) sock.write(chunks[i++]);
    }, gapMs);
    const giveUp = setTimeout(() => finish(null), giveUpMs);
    const finish = (closedAfterMs: number | null) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      sock.destroy();
      resolve({ text, closedAfterMs });
    };
    sock.on('data', (d) => (text += d.toString('latin1')));
    sock.on('close', () => finish(Date.now() - t0));
    sock.on('error', () => undefined);
  });
}

describe('answers', () => {
  it('carry X-Content-Type-Options: nosniff, and a wrong method on a known path gets 405 with Allow', async () => {
    const h = await start();
    try {
      const post = await h.post(batch([event()]));
      expect(post.status).toBe(200);
      for (const res of [post, await fetch(`${h.url}/healthz`), await fetch(`${h.url}/nope`), await fetch(`${h.url}/v1/sites/shop/actions`)]) {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
      const cases: [string, string, string][] = [
        ['GET', '/v1/batch', 'POST, OPTIONS'],
        ['DELETE', '/healthz', 'GET, HEAD'],
        ['POST', '/metrics', 'GET, HEAD'],
        ['PATCH', '/v1/sites/shop/actions', 'GET, HEAD, OPTIONS'],
        ['POST', '/v1/sites/shop/actions/buy', 'PUT, DELETE, OPTIONS'],
      ];
      for (const [method, p, allow] of cases) {
        const res = await fetch(`${h.url}${p}`, { method });
        expect({ method, p, status: res.status, allow: res.headers.get('allow'), nosniff: res.headers.get('x-content-type-options') }).toEqual({ method, p, status: 405, allow, nosniff: 'nosniff' });
        expect((await res.json()).error).toContain(allow);
      }
      expect((await fetch(`${h.url}/v1/nothing-here`, { method: 'DELETE' })).status).toBe(404);
    } finally {
      await h.stop();
    }
  });
});

describe('amplification and fairness', () => {
  it('stores at most HEADER_MAX_CHARS of the User-Agent in each row', async () => {
    const h = await start({ headerMaxChars: 300 });
    try {
      const ua = 'Mozilla/5.0 ' + 'x'.repeat(8_000);
      expect((await h.post(batch([event(), event()]), { 'user-agent': ua })).status).toBe(200);
      await h.collector.flush();
      const rows = lakeRows(h.lakeDir, 'events/').map((r) => r.row);
      expect(rows.map((r) => r.ua.raw)).toEqual([ua.slice(0, 300), ua.slice(0, 300)]);
    } finally {
      await h.stop();
    }
  });

  it('refuses (429) a client over its SPOOL_CLIENT_MAX_BYTES share while another client is still served', async () => {
    const h = await start({ spoolMaxBytes: 60_000, spoolClientMaxBytes: 15_000, trustProxy: true, rateLimitRps: 0 });
    try {
      const hog = () => h.post(batch(Array.from({ length: 5 }, () => event())), { 'x-forwarded-for': '198.51.100.1', 'user-agent': 'u'.repeat(400) });
      let res = await hog();
      let sent = 0;
      while (res.status === 200 && sent++ < 100) res = await hog();
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await res.json()).error).toMatch(/SPOOL_CLIENT_MAX_BYTES/);
      expect(h.collector.spool.bytes).toBeLessThan(60_000);
      const other = await h.post(batch([event()]), { 'x-forwarded-for': '198.51.100.2' });
      expect(other.status).toBe(200);
      // a flush empties the spool: the hog is served again
      await h.collector.flush();
      expect((await hog()).status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  it('with SITES, stores events of other sites as bad rows under _unknown, naming SITES', async () => {
    const h = await start({ sites: ['shop'] });
    try {
      const mine = event();
      const made_up = event({ site_id: 'fake-site-123' });
      const res = await h.post(batch([mine, made_up]));
      expect(await res.json()).toEqual({ accepted: 1, rejected: 1, errors: [{ index: 1, reason: 'events[1].site_id "fake-site-123" is not in SITES' }] });
      await h.collector.flush();
      expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).toEqual([mine.event_id]);
      const [bad] = lakeRows(h.lakeDir, 'bad/');
      expect(bad.key.startsWith('bad/site_id=_unknown/')).toBe(true);
      expect(bad.row.payload.event_id).toBe(made_up.event_id);
    } finally {
      await h.stop();
    }
  });
});

describe('event ids', () => {
  it('deduplicates a UUID sent in capitals and in lower case, and stores it in lower case', async () => {
    const h = await start();
    try {
      const e = event();
      const upper = (e.event_id as string).toUpperCase();
      expect(await (await h.post(batch([{ ...e, event_id: upper }]))).json()).toMatchObject({ accepted: 1 });
      expect(await (await h.post(batch([e]))).json()).toMatchObject({ accepted: 1 });
      await h.collector.flush();
      expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).toEqual([e.event_id]);
    } finally {
      await h.stop();
    }
  });
});

describe('slow and idle clients', () => {
  it('cuts a body trickled at 1 byte/s after REQUEST_TIMEOUT_MS, with 408', async () => {
    const h = await start({ requestTimeoutMs: 1_500, headersTimeoutMs: 1_000 });
    try {
      const port = new URL(h.url).port;
      const head = `POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n`;
      const { text, closedAfterMs } = await rawExchange(Number(port), [head, ...'{"events":[]'.split('')], 1_000, 10_000);
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      expect(closedAfterMs).not.toBeNull();
      expect(closedAfterMs!).toBeLessThan(8_000);
      // and headers trickled one line a second are cut by HEADERS_TIMEOUT_MS
      const slowHead = await rawExchange(Number(port), ['POST /v1/batch HTTP/1.1\r\n', 'Host: x\r\n', 'X-A: 1\r\n', 'X-B: 1\r\n', 'X-C: 1\r\n', 'X-D: 1\r\n'], 1_000, 10_000);
      expect(slowHead.text).toMatch(/^HTTP\/1\.1 408/);
      expect((await h.post(batch([event()]))).status).toBe(200);
    } finally {
      await h.stop();
    }
  }, 30_000);

  it('accepts at most MAX_CONNECTIONS open connections', async () => {
    const h = await start({ maxConnections: 3 });
    const port = Number(new URL(h.url).port);
    const socks: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const s = net.connect(port, '127.0.0.1');
        await new Promise((r) => s.once('connect', r));
        socks.push(s);
      }
      await new Promise((r) => setTimeout(r, 200));
      const extra = await rawExchange(port, ['GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'], 10, 5_000);
      expect(extra.text).toBe('');
      expect(extra.closedAfterMs).not.toBeNull();
      for (const s of socks) s.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    } finally {
      for (const s of socks) s.destroy();
      await h.stop();
    }
  });
});
