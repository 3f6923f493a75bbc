/** POST /v1/batch on a real port: each bad input just over its limit, and the collector stays up. */
import fs from 'node:fs';
import path from 'node:path';
import { batch, event, EVENTS_KEY, lakeRows, metricValue, start, type Harness } from './support/harness';

describe('POST /v1/batch', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ maxBodyBytes: 4_000, maxBatchEvents: 5, badPayloadMaxBytes: 200, collectorId: 'c-test' });
  });
  afterAll(() => h.stop());

  it('accepts a good batch as application/json and as text/plain and stores enriched rows in the right partition', async () => {
    const a = event({ utm: { source: 'spring', medium: 'cpc' } });
    const b = event({ action: 'Signed up', action_type: 'custom', page: { url: 'https://shop.example/', referrer: 'https://www.google.com/' } });
    const r1 = await h.post(batch([a]));
    const r2 = await h.post(JSON.stringify(batch([b])), { 'content-type': 'text/plain;charset=UTF-8' });
    expect(r1.status).toBe(200);
    expect(await r1.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    expect(await r2.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });

    await h.collector.flush();
    const rows = lakeRows(h.lakeDir, 'events/');
    const byId = new Map(rows.map((r) => [r.row.event_id, r]));
    const ra = byId.get(a.event_id as string)!;
    const rb = byId.get(b.event_id as string)!;
    expect(ra.row).toMatchObject({ site_id: 'shop', ip: '127.0.0.0', source: 'spring', source_type: 'paid', collector_id: 'c-test', schema_version: '1-2-0', origin: { kind: 'browser' } });
    expect(rb.row).toMatchObject({ source: 'google.com', source_type: 'search' });
    for (const { key, row } of [ra, rb]) {
      const m = EVENTS_KEY.exec(key)!;
      expect(m).not.toBeNull();
      expect(m[4]).toBe('c-test');
      expect(`${m[2]}T${m[3]}`).toBe(new Date(row.received_at).toISOString().slice(0, 13));
      expect(Date.parse(row.occurred_at)).toBeLessThanOrEqual(Date.parse(row.received_at));
    }
  });

  it('answers malformed JSON with 400 and a JSON error, and keeps the (truncated) body as a bad row', async () => {
    const body = '{"events": [' + 'x'.repeat(1000);
    const res = await h.post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not valid JSON/);
    await h.collector.flush();
    const bad = lakeRows(h.lakeDir, 'bad/').find((r) => typeof r.row.payload === 'string' && r.row.payload.startsWith('{"events": [xxx'));
    expect(bad).toBeDefined();
    expect(bad!.key.startsWith('bad/site_id=_unknown/')).toBe(true);
    expect(bad!.row.reason).toMatch(/not valid JSON/);
    expect(Buffer.byteLength(bad!.row.payload)).toBe(200);
  });

  it('takes a body of exactly MAX_BODY_BYTES and answers 413 to one byte more', async () => {
    const json = JSON.stringify(batch([event()]));
    const exact = json + ' '.repeat(4_000 - Buffer.byteLength(json));
    expect((await h.post(exact)).status).toBe(200);
    const res = await h.post(exact + ' ');
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/MAX_BODY_BYTES/);
  });

  it('inflates a gzip body, answers 413 to one inflating past MAX_BODY_BYTES and 415 to an unknown encoding', async () => {
    const zlib = await import('node:zlib');
    const e = event();
    const ok = await h.post(zlib.gzipSync(JSON.stringify(batch([e]))), { 'content-encoding': 'gzip' });
    expect(await ok.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    const bomb = await h.post(zlib.gzipSync(' '.repeat(10_000_000)), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    const odd = await h.post('xx', { 'content-encoding': 'zip' });
    expect(odd.status).toBe(415);
    expect((await odd.json()).error).toBe('unsupported content encoding "zip"');
  });

  it('answers 415 to a content type other than JSON or text', async () => {
    const res = await h.post(JSON.stringify(batch([event()])), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await res.json()).error).toMatch(/unsupported content type/);
  });

  it('takes MAX_BATCH_EVENTS events and answers 413 to one more', async () => {
    const ok = await h.post(batch(Array.from({ length: 5 }, () => event())));
    expect(await ok.json()).toMatchObject({ accepted: 5, rejected: 0 });
    const res = await h.post(batch(Array.from({ length: 6 }, () => event())));
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/6 events.*limit is 5/);
  });

  it('answers 400 when events is missing or not an array', async () => {
    for (const body of [{ sent_at: new Date().toISOString() }, { events: {} }, [1, 2]]) {
      const res = await h.post(body);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/"events" array/);
    }
  });

  it('rejects invalid events with reasons, accepts the valid ones, and stores the invalid ones as bad rows', async () => {
    const good1 = event();
    const badAction = event({ action: '' });
    const badId = event({ event_id: 'not-a-uuid', site_id: 'shop' });
    const good2 = event();
    const res = await h.post(batch([good1, badAction, badId, good2]));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected).toBe(2);
    expect(body.errors).toEqual([
      { index: 1, reason: 'events[1].action must NOT have fewer than 1 characters' },
      { index: 2, reason: expect.stringMatching(/^events\[2\]\.event_id must match pattern/) },
    ]);

    await h.collector.flush();
    const bad = lakeRows(h.lakeDir, 'bad/');
    // events longer than BAD_PAYLOAD_MAX_BYTES (200 here) are kept as their JSON text, cut
    const holds = (r: { row: any }, id: unknown) => JSON.stringify(r.row.payload).includes(`${JSON.stringify(id).slice(1, -1)}`);
    const action = bad.find((r) => holds(r, badAction.event_id))!;
    expect(action.key.startsWith('bad/site_id=shop/')).toBe(true);
    expect(action.row.reason).toMatch(/action must NOT have fewer than 1 characters/);
    const id = bad.find((r) => holds(r, 'not-a-uuid'))!;
    expect(typeof id.row.payload).toBe('string');
    expect(Buffer.byteLength(id.row.payload)).toBeLessThanOrEqual(200);
    expect(id.key.startsWith('bad/site_id=shop/')).toBe(true);
    expect(id.row.errors).toEqual([expect.stringMatching(/event_id must match pattern/)]);
    const ids = lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id);
    expect(ids).toEqual(expect.arrayContaining([good1.event_id, good2.event_id]));
    expect(ids).not.toContain('not-a-uuid');
    expect(await metricValue(h.url, 'actionlake_events_rejected_total{reason="invalid_event"}')).toBeGreaterThanOrEqual(2);
  });

  it('refuses a batch with an invalid site_id with 400, keeping it as a bad row', async () => {
    const good = event();
    const badSite = event({ site_id: 'Not A Site!' });
    const res = await h.post(batch([good, badSite]));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('events[1].site_id "Not A Site!" is not a valid site id (^[a-z0-9][a-z0-9_-]{0,63}$)');
    // just over the 64-character limit
    const long = await h.post(batch([event({ site_id: 'a'.repeat(65) })]));
    expect(long.status).toBe(400);
    expect(await h.post(batch([event({ site_id: 'a'.repeat(64) })])).then((r) => r.status)).toBe(200);

    await h.collector.flush();
    const bad = lakeRows(h.lakeDir, 'bad/').find((r) => r.row.reason.includes('"Not A Site!"'))!;
    expect(bad.key.startsWith('bad/site_id=_unknown/')).toBe(true);
    expect(bad.row.reason).toMatch(/not a valid site id/);
    expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).not.toContain(good.event_id);
    expect(await metricValue(h.url, 'actionlake_events_rejected_total{reason="invalid_site_id"}')).toBe(3);
  });

  it('keeps an event nested too deep to serialize as a bad row (400-class input, not a 503)', async () => {
    const h2 = await start();
    try {
      const deep = '{"x":'.repeat(100_000) + '1' + '}'.repeat(100_000);
      const e = event();
      const body = JSON.stringify(batch([e])).replace('"session_id"', `"attributes":${deep},"session_id"`);
      const res = await h2.post(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ accepted: 0, rejected: 1 });
      await h2.collector.flush();
      const [bad] = lakeRows(h2.lakeDir, 'bad/');
      expect(bad.row.payload).toMatch(/^\[payload not storable as JSON: /);
      expect(bad.row.reason).toMatch(/attributes\.x must be string,number,boolean/);
    } finally {
      await h2.stop();
    }
  });

  it('acknowledges a repeated event_id but stores it once', async () => {
    const e = event();
    for (let i = 0; i < 2; i++) expect(await (await h.post(batch([e]))).json()).toMatchObject({ accepted: 1, rejected: 0 });
    await h.collector.flush();
    expect(lakeRows(h.lakeDir, 'events/').filter((r) => r.row.event_id === e.event_id)).toHaveLength(1);
  });

  it('is still up and storing after all of the above', async () => {
    const e = event();
    const res = await h.post(batch([e]));
    expect(await res.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    await h.collector.flush();
    expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).toContain(e.event_id);
    // every whole-request refusal above left a bad row too
    const reasons = lakeRows(h.lakeDir, 'bad/').map((r) => r.row.reason);
    for (const re of [/MAX_BODY_BYTES/, /unsupported content type/, /limit is 5/, /"events" array/]) expect(reasons.some((r) => re.test(r))).toBe(true);
  });

  it('leaves no spool data behind once flushed', async () => {
    await h.collector.flush();
    expect(h.collector.spool.bytes).toBe(0);
    const left = fs.readdirSync(h.spoolDir).filter((f) => f.startsWith('seg-')).map((f) => fs.statSync(path.join(h.spoolDir, f)).size);
    expect(left.reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('CORS', () => {
  it('lets a page on another origin read Retry-After on a 429 (exposed to CORS)', async () => {
    const h = await start({ rateLimitRps: 1, rateLimitBurst: 1 });
    try {
      await h.post(batch([event()]), { origin: 'https://shop.example' });
      const res = await h.post(batch([event()]), { origin: 'https://shop.example' });
      expect(res.status).toBe(429);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await h.stop();
    }
  });

  it('answers the preflight with 204 and allows any origin by default', async () => {
    const h = await start();
    try {
      const res = await fetch(`${h.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
      expect(res.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    } finally {
      await h.stop();
    }
  });

  it('allows only the listed origins when ALLOWED_ORIGINS is a list', async () => {
    const h = await start({ allowedOrigins: ['https://a.example'] });
    try {
      const ok = await h.post(batch([event()]), { origin: 'https://a.example' });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://a.example');
      const other = await fetch(`${h.url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      // a simple text/plain POST needs no preflight: it must be refused, not just left unreadable
      const sneaky = event();
      const refused = await h.post(JSON.stringify(batch([sneaky])), { origin: 'https://evil.example', 'content-type': 'text/plain' });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error).toBe('origin https://evil.example is not in ALLOWED_ORIGINS');
      // no Origin header (server-to-server) is not a browser page: allowed
      expect((await h.post(batch([event()]))).status).toBe(200);
      await h.collector.flush();
      expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).not.toContain(sneaky.event_id);
      expect(lakeRows(h.lakeDir, 'bad/').map((r) => r.row.reason)).toContain('origin https://evil.example is not in ALLOWED_ORIGINS');
    } finally {
      await h.stop();
    }
  });
});
