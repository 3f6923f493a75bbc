/** What analysts rely on: every row the collector writes is described by lake-row.schema.json. */
import fs from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { batch, event, lakeRows, start, type Harness } from './support/harness';

const schema = JSON.parse(fs.readFileSync(require.resolve('@actionlake/schema/lake-row.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema(schema);
const lakeRow = ajv.getSchema(schema.$id)!;
const badRow = ajv.getSchema(`${schema.$id}#/definitions/badRow`)!;

describe('lake rows against lake-row.schema.json', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ collectorId: 'schema-test' }, { geo: () => ({ country: 'GB', region: 'ENG', city: 'London', continent: 'EU', timezone: 'Europe/London', latitude: 51.5, longitude: -0.1 }) });
  });
  afterAll(() => h.stop());

  it('validates every events row and bad row the collector wrote', async () => {
    const rich = event({
      action: 'Product clicked',
      action_type: 'click',
      user_id: 'u-1',
      visitor_type: 'returning',
      page: { url: 'https://shop.example/bikes?utm_source=fb', path: '/bikes', title: 'Bikes', referrer: 'https://www.facebook.com/' },
      utm: { source: 'fb', medium: 'paid_social', campaign: 'diwali' },
      click_ids: { fbclid: 'abc' },
      element: { tag: 'button', text: 'Add to cart', selector: '.card > button', id: 'buy', classes: ['buy'] },
      products: [{ name: 'Duke 200', price: 78990, currency: 'INR', brand: 'KTM', quantity: 1, traits: { colour: 'orange' } }],
      attributes: { plan: 'pro', seats: 3, trial: false },
      traits: { tier: 'gold', vip: null },
      device: { screen_width: 1920, screen_height: 1080, viewport_width: 1280, viewport_height: 720, language: 'en-IN', timezone: 'Asia/Kolkata' },
    });
    const res = await h.post(batch([rich, event(), event({ event_id: 'nope' })]), { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' });
    expect(await res.json()).toMatchObject({ accepted: 2, rejected: 1 });
    await h.post('{not json');
    await h.collector.flush();

    const rows = lakeRows(h.lakeDir, 'events/').map((r) => r.row);
    const bad = lakeRows(h.lakeDir, 'bad/').map((r) => r.row);
    expect(rows).toHaveLength(2);
    expect(bad).toHaveLength(2);
    for (const row of rows) expect({ valid: lakeRow(row), errors: lakeRow.errors ?? null }).toEqual({ valid: true, errors: null });
    for (const row of bad) expect({ valid: badRow(row), errors: badRow.errors ?? null }).toEqual({ valid: true, errors: null });
    const full = rows.find((r) => r.event_id === rich.event_id);
    expect(full.products[0]).toEqual({ name: 'Duke 200', price: 78990, currency: 'INR', brand: 'KTM', quantity: 1, traits: { colour: 'orange' } });
    expect(full.geo.city).toBe('London');
    expect(full.ua.browser.name).toBe('Chrome');
  });

  it('the schema refuses rows that break it (it is not a schema that accepts anything)', () => {
    const row = { event_id: '6f1c1d9e-1b2a-4c3d-8e4f-5a6b7c8d9e0f', site_id: 'shop', action: 'x', action_type: 'custom', triggered_at: '2024-05-01T00:00:00Z', anonymous_id: 'a', session_id: 's' };
    expect(lakeRow(row)).toBe(false); // the collector's fields are missing
    expect(lakeRow.errors!.map((e) => e.params.missingProperty)).toEqual(expect.arrayContaining(['received_at', 'ua', 'source_type', 'collector_id']));
    expect(badRow({ received_at: '2024-05-01T00:00:00Z', reason: 'x', errors: [] })).toBe(false);
  });
});
