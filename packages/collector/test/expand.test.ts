/** Batch-level shared fields (`common`, sent by sdk.js): the same lake rows as full events. */
import { COMMON_MAX_BYTES, expandBatch } from '../src/ingest/expand';
import { event, lakeRows, start, type Harness } from './support/harness';

describe('expandBatch', () => {
  it('puts the shared fields back into every event; an event keeps its own value', () => {
    const body = { sent_at: 'x', common: { site_id: 'shop', page: { url: 'u' } }, events: [{ event_id: '1' }, { event_id: '2', page: { url: 'v' } }, 5] };
    expect(expandBatch(body)).toEqual({
      sent_at: 'x',
      events: [{ site_id: 'shop', page: { url: 'u' }, event_id: '1' }, { site_id: 'shop', page: { url: 'v' }, event_id: '2' }, 5],
    });
  });

  it('passes bodies without common through untouched (older SDKs)', () => {
    const body = { sent_at: 'x', events: [{ event_id: '1' }] };
    expect(expandBatch(body)).toBe(body);
    expect(expandBatch([1])).toEqual([1]);
  });

  it('refuses a common that is not an object, or is larger than the limit, saying why', () => {
    expect(expandBatch({ common: [1], events: [] })).toMatch(/body.common must be an object/);
    const big = { common: { page: { title: 'x'.repeat(COMMON_MAX_BYTES) } }, events: [{}] };
    expect(expandBatch(big)).toMatch(new RegExp(`the limit is ${COMMON_MAX_BYTES}`));
    expect(typeof expandBatch({ common: { t: 'x'.repeat(COMMON_MAX_BYTES - 20) }, events: [{}] })).toBe('object');
  });
});

describe('POST /v1/batch with common', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ collectorId: 'c-test' });
  });
  afterAll(() => h.stop());

  it('stores the same rows for a compact batch as for full events', async () => {
    const full = [event({ utm: { source: 'spring' } }), event({ utm: { source: 'spring' } })];
    const { event_id: _a, triggered_at: _t, ...shared } = full[0] as Record<string, unknown>;
    const compact = { sent_at: new Date().toISOString(), common: shared, events: full.map((e) => ({ event_id: e.event_id, triggered_at: e.triggered_at })) };
    const res = await h.post(compact);
    expect(await res.json()).toEqual({ accepted: 2, rejected: 0, errors: [] });
    const bad = await h.post({ sent_at: 'x', common: 'shop', events: [] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/body.common/);
    await h.collector.flush();
    const rows = lakeRows(h.lakeDir, 'events/').map((r) => r.row);
    for (const e of full) {
      const row = rows.find((r) => r.event_id === e.event_id);
      expect(row).toMatchObject({ ...e, source: 'spring' });
    }
  });
});
