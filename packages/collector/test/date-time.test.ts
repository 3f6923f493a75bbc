/** The date-time format's fast path says what ajv-formats' full RFC 3339 check says, on every string. */
import { isoMillis } from '../src/enrich/iso-time';
import { fullDateTime as full, isDateTime } from '../src/ingest/date-time';
import { validateEvent } from '../src/ingest/validate';

describe('date-time format', () => {
  it('agrees with the full check on the edges of every field', () => {
    const cases = [
      '2026-11-29T02:47:13.512Z', '2024-02-29T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '2100-02-29T12:00:00.000Z',
      '2000-02-29T12:00:00.000Z', '2026-00-10T12:00:00.000Z', '2026-13-10T12:00:00.000Z', '2026-04-31T12:00:00.000Z',
      '2026-04-00T12:00:00.000Z', '2026-12-31T24:00:00.000Z', '2026-12-31T23:60:00.000Z', '2026-12-31T23:59:60.000Z',
      '2026-12-31T22:59:60.000Z', '2026-12-31t23:59:59.000z', '2026-12-31 23:59:59.000Z', '2026-12-31T23:59:59Z',
      '2026-12-31T23:59:59.123456Z', '2026-12-31T23:59:59.123+05:30', '2026-12-31T23:59:59.123-0800', '2026-12-31T23:59:59.123',
      '+02026-12-31T23:59:59.123Z', '2026-12-3１T23:59:59.123Z', '2026-12-31T23:59:59.12aZ', '2026/12/31T23:59:59.123Z',
      '0000-01-01T00:00:00.000Z', '', 'T', '2026-12-31T23:59:59.123ZZ',
    ];
    for (const s of cases) expect([s, isDateTime(s)]).toEqual([s, full(s)]);
  });

  it('agrees with the full check on 100,000 strings of the ISO shape with random characters', () => {
    const pick = (chars: string) => chars[Math.floor(Math.random() * chars.length)];
    const template = 'dddd-dd-ddTdd:dd:dd.dddZ';
    for (let n = 0; n < 100_000; n++) {
      let s = '';
      for (const c of template) {
        if (c !== 'd') s += Math.random() < 0.02 ? pick('-T:.Z tz+x') : c;
        // mostly digits in the usual ranges, sometimes any digit or another character
        else s += Math.random() < 0.01 ? pick('x:-. ') : pick('0123456789');
      }
      if (isDateTime(s) !== full(s)) throw new Error(`${s}: fast ${isDateTime(s)}, full ${full(s)}`);
    }
  });

  it('is what the event schema uses for triggered_at', () => {
    const event = { event_id: '00000000-0000-4000-8000-000000000001', site_id: 'shop', action: 'a', action_type: 'custom', anonymous_id: 'a', session_id: 's' };
    expect(validateEvent({ ...event, triggered_at: '2024-02-29T10:00:00.000Z' }, 'events[0]').ok).toBe(true);
    expect(validateEvent({ ...event, triggered_at: '2023-02-29T10:00:00.000Z' }, 'events[0]').ok).toBe(false);
    expect(validateEvent({ ...event, triggered_at: '2023-12-31T23:59:60.000Z' }, 'events[0]').ok).toBe(true);
  });

  it('reads the time of the toISOString form as Date.parse does, and leaves every other form to it', () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    // the years toISOString writes with four digits
    const [first, last] = [Date.parse('0000-01-01T00:00:00.000Z'), Date.parse('9999-12-31T23:59:59.999Z')];
    const edges = [first, last, 0, -1, Date.UTC(2000, 1, 29), Date.UTC(2100, 2, 1) - 1, Date.UTC(1600, 0, 1), Date.UTC(1600, 2, 1) - 1];
    for (const ms of edges) expect([iso(ms), isoMillis(iso(ms))]).toEqual([iso(ms), ms]);
    for (let n = 0; n < 200_000; n++) {
      const ms = first + Math.floor(Math.random() * (last - first + 1));
      if (isoMillis(iso(ms)) !== ms) throw new Error(`${iso(ms)}: ${isoMillis(iso(ms))}, Date.parse ${ms}`);
    }
    // another form, or no real time: NaN, and Date.parse decides
    for (const s of ['2026-12-31T23:59:59Z', '2026-12-31T23:59:59.123+05:30', '2026-02-30T00:00:00.000Z', '2026-12-31T24:00:00.000Z', '2023-12-31T23:59:60.000Z', '+012026-01-01T00:00:00.000Z']) {
      expect([s, isoMillis(s)]).toEqual([s, NaN]);
    }
  });
});
