/**
 * No event costs more than linear work: huge arrays and objects are refused by their size before
 * the schema looks at them, reasons are capped, and the bad row stays small. Non-finite numbers
 * (`1e999`) are refused rather than stored as null.
 */
import { batch, event, lakeRows, start, type Harness } from './support/harness';

const BAD_PAYLOAD = 2_000;

describe('bounded work per event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ badPayloadMaxBytes: BAD_PAYLOAD, maxBodyBytes: 1_048_576 });
  });
  afterAll(() => h.stop());

  /** A body whose one event holds `n` products `0` (about 2n bytes). */
  const hugeProducts = (n: number) => {
    const e = event();
    const body = JSON.stringify(batch([e])).replace('"session_id"', `"products":[${'0,'.repeat(n - 1)}0],"session_id"`);
    return { e, body };
  };

  for (const n of [50_000, 400_000]) {
    it(`answers an event with ${n.toLocaleString('en-US')} products at once, serves another client meanwhile, and keeps a small bad row`, async () => {
      const { e, body } = hugeProducts(n);
      const big = h.post(body);
      const other = event();
      const small = await h.post(batch([other]), { 'user-agent': 'another client' });
      expect(await small.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
      const res = await big;
      expect(res.status).toBe(200);
      const answer = await res.json();
      expect(answer).toEqual({ accepted: 0, rejected: 1, errors: [{ index: 0, reason: `events[0].products has ${n} items; the limit is 100 (EVENT_MAX_ITEMS)` }] });

      await h.collector.flush();
      const bad = lakeRows(h.lakeDir, 'bad/').find((r) => typeof r.row.payload === 'string' && r.row.payload.includes(e.event_id as string))!;
      expect(bad).toBeDefined();
      expect(bad.row.errors).toEqual([answer.errors[0].reason]);
      expect(Buffer.byteLength(bad.row.payload)).toBeLessThanOrEqual(BAD_PAYLOAD);
      expect(Buffer.byteLength(JSON.stringify(bad.row))).toBeLessThan(BAD_PAYLOAD + 1_000);
      expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).toContain(other.event_id);
    }, 30_000);
  }

  it('refuses an object with one field more than EVENT_MAX_ITEMS, and takes one at the limit', async () => {
    const h2 = await start({ eventMaxItems: 10 });
    try {
      const attrs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i]));
      const res = await h2.post(batch([event({ attributes: attrs(10) }), event({ attributes: attrs(11) })]));
      expect(await res.json()).toEqual({ accepted: 1, rejected: 1, errors: [{ index: 1, reason: 'events[1].attributes has 11 fields; the limit is 10 (EVENT_MAX_ITEMS)' }] });
    } finally {
      await h2.stop();
    }
  });

  it('keeps at most EVENT_MAX_ERRORS reasons per event', async () => {
    const h2 = await start({ eventMaxErrors: 5 });
    try {
      const junk = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`junk${i}`, 1]));
      const e = event(junk);
      expect(await (await h2.post(batch([e]))).json()).toMatchObject({ accepted: 0, rejected: 1 });
      await h2.collector.flush();
      const [bad] = lakeRows(h2.lakeDir, 'bad/');
      expect(bad.row.errors).toHaveLength(6);
      expect(bad.row.errors[0]).toBe("events[0] must not have property 'junk0'");
      expect(bad.row.errors[5]).toBe('and 35 more');
    } finally {
      await h2.stop();
    }
  });

  it('refuses 1e999 (Infinity once parsed) in a number field with a reason instead of storing null', async () => {
    const e = event({ products: [{ name: 'Duke', price: 1 }] });
    const body = JSON.stringify(batch([e])).replace('"price":1', '"price":1e999');
    const res = await h.post(body);
    expect(await res.json()).toEqual({ accepted: 0, rejected: 1, errors: [{ index: 0, reason: 'events[0].products[0].price must be a finite number' }] });
    await h.collector.flush();
    expect(lakeRows(h.lakeDir, 'events/').map((r) => r.row.event_id)).not.toContain(e.event_id);
  });
});
