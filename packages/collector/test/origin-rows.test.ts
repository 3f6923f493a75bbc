/**
 * Every row says which app it came from (contract §10): a page's rows `origin: {kind: "browser"}`,
 * stamped by the collector and never taken from the page; and the email of identify traits kept as
 * `email_sha256`. Both ways a page's row is written (from the event's own text, and stringified)
 * are covered: an event id in capitals takes the second.
 */
import { emailSha256 } from '@actionlake/schema/node';
import { batch, event, lakeRows, start, type Harness } from './support/harness';

describe("a page's rows: origin and email_sha256", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start();
  });
  afterAll(() => h.stop());

  it('stamps origin {kind: "browser"} on every row and hashes identify traits\' email, on both ways a row is written', async () => {
    const plain = event();
    const identify = event({ action: 'Identified', action_type: 'identify', user_id: 'u-7', traits: { email: ' Ann@Example.com', plan: 'pro' } });
    const upper = event({ action: 'Identified', action_type: 'identify', traits: { email: 'ann@example.com' } });
    upper.event_id = (upper.event_id as string).toUpperCase();
    const noEmail = event({ action: 'Identified', action_type: 'identify', traits: { email: 'not an address' } });
    const res = await h.post(batch([plain, identify, upper, noEmail]));
    expect(await res.json()).toEqual({ accepted: 4, rejected: 0, errors: [] });
    await h.collector.flush();
    const rows = new Map(lakeRows(h.lakeDir, 'events/').map((r) => [r.row.event_id, r.row]));
    const id = emailSha256('ann@example.com');
    expect(rows.get(plain.event_id)).toMatchObject({ origin: { kind: 'browser' } });
    expect(rows.get(plain.event_id)).not.toHaveProperty('email_sha256');
    expect(rows.get(identify.event_id)).toMatchObject({ origin: { kind: 'browser' }, email_sha256: id, traits: { email: ' Ann@Example.com', plan: 'pro' } });
    expect(rows.get((upper.event_id as string).toLowerCase())).toMatchObject({ origin: { kind: 'browser' }, email_sha256: id });
    expect(rows.get(noEmail.event_id)).not.toHaveProperty('email_sha256');
  });

  it('refuses a page event that brings its own origin, email_sha256 or a server-only action type', async () => {
    const forged = [
      event({ origin: { kind: 'stripe', source_id: 'pay' } }),
      event({ email_sha256: 'a'.repeat(64) }),
      event({ action: 'Aliased', action_type: 'alias' }),
    ];
    const res = await h.post(batch(forged));
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 0, rejected: 3 });
    expect(body.errors.map((e: { reason: string }) => e.reason)).toEqual([
      "events[0] must not have property 'origin'",
      "events[1] must not have property 'email_sha256'",
      'events[2].action_type must be one of "pageview", "click", "submit", "custom", "identify", "consent"',
    ]);
    await h.collector.flush();
    expect(lakeRows(h.lakeDir, 'events/').filter((r) => r.row.origin?.kind !== 'browser')).toEqual([]);
  });
});
