/**
 * Mailgun's webhook adapter: the HMAC of timestamp + token inside the JSON body, checked from one
 * parse of the raw bytes before any event field is read; the documented events of each type mapped.
 */
import { mailgun, MAILGUN_TOLERANCE_SECONDS } from '../src/sources/vendors/mailgun';
import { WebhookBodyError, type Source } from '../src/sources/types';
import { fixtureJson, hookRequest, mailgunBody } from './support/webhooks';

const KEY = 'key-test-actionlake-signing';
const source: Source = { id: 'mg', kind: 'mailgun', site: 'shop', secret: KEY };
const events = fixtureJson<Record<string, Record<string, unknown>>>('mailgun/event-data.json');
const documented = fixtureJson<{ timestamp: string; token: string; signature: string }>('mailgun/signature.json');
const SIGNED_AT = new Date(Number(documented.timestamp) * 1000);
const request = (body: string, now = SIGNED_AT) => hookRequest(body, { 'Content-Type': 'application/json' }, { now });
const deliver = (eventData: unknown) => {
  const req = request(mailgunBody(eventData, KEY));
  expect(mailgun.verify(source, req)).toEqual({ ok: true });
  return mailgun.parse(source, req);
};

describe('Mailgun signature (HMAC-SHA256 of timestamp + token, inside the body)', () => {
  it('accepts a body signed with the webhook signing key; refuses another key or token: 401', () => {
    const body = mailgunBody(events.opened, KEY);
    expect(mailgun.verify(source, request(body))).toEqual({ ok: true });
    expect(mailgun.verify({ ...source, secret: 'another-key' }, request(body))).toMatchObject({ ok: false, status: 401, reason: 'bad signature' });
    const otherToken = body.replace(documented.token, 'b'.repeat(50));
    expect(mailgun.verify(source, request(otherToken))).toMatchObject({ ok: false, status: 401, reason: 'bad signature' });
    // the documentation's own signature was made with a key it does not publish
    const asDocumented = JSON.stringify({ signature: documented, 'event-data': events.opened });
    expect(mailgun.verify(source, request(asDocumented))).toMatchObject({ ok: false, status: 401 });
  });

  it(`refuses a signature timestamp more than ${MAILGUN_TOLERANCE_SECONDS} s away (replays of a captured token)`, () => {
    const body = mailgunBody(events.opened, KEY);
    const later = (s: number) => new Date(SIGNED_AT.getTime() + s * 1000);
    expect(mailgun.verify(source, request(body, later(MAILGUN_TOLERANCE_SECONDS)))).toEqual({ ok: true });
    expect(mailgun.verify(source, request(body, later(MAILGUN_TOLERANCE_SECONDS + 1)))).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/^stale timestamp/) });
  });

  it('a body that cannot be parsed cannot be authenticated: 400, not a bad row; no signature block: 401', () => {
    expect(mailgun.verify(source, request('{"signature":'))).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/^malformed JSON/) });
    expect(mailgun.verify(source, request(JSON.stringify({ 'event-data': events.opened })))).toMatchObject({ ok: false, status: 401 });
  });
});

describe('Mailgun events', () => {
  it('maps every documented event type; unmapped ones keep their name', () => {
    const mapped = Object.entries(events).map(([name, e]) => [name, deliver(e)[0].action]);
    expect(mapped).toEqual([
      ['delivered', 'Email delivered'],
      ['failed-permanent', 'Email bounced'],
      ['failed-temporary', 'failed'],
      ['opened', 'Email opened'],
      ['clicked', 'Email clicked'],
      ['unsubscribed', 'Email unsubscribed'],
      ['complained', 'Email marked as spam'],
      ['stored', 'stored'],
    ]);
  });

  it('a delivery: its id, fractional timestamp, recipient and message', () => {
    expect(deliver(events.delivered)[0]).toEqual({
      vendor_id: 'hK7mQVt1QtqRiOfQXta4sw',
      action: 'Email delivered',
      action_type: 'custom',
      vendor_event: 'delivered',
      occurred_at: '2018-06-22T18:29:59.626Z',
      email: 'john@example.com',
      attributes: { message_id: '20180622182958.1.48906CB188F1A454@exmple.org', subject: 'Test Subject', status: 250, description: 'OK' },
    });
  });

  it("a click: its URL and UTMs, the reader's IP and browser", () => {
    const click = { ...events.clicked, url: 'https://shop.example/?utm_source=mailgun&utm_medium=email&utm_campaign=june', tags: ['june', 'promo'] };
    expect(deliver(click)[0]).toEqual({
      vendor_id: 'G5zMz2ysS6OxZ2C8xb2Tqg',
      action: 'Email clicked',
      action_type: 'custom',
      vendor_event: 'clicked',
      occurred_at: '2013-08-21T08:59:24.095Z',
      email: 'recipient@example.com',
      utm: { source: 'mailgun', medium: 'email', campaign: 'june' },
      ip: '123.123.123.321',
      user_agent: 'Mozilla/5.0 (X11; Linux i686) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/28.0.1500.71 Chrome/28.0.1500.71 Safari/537.36',
      attributes: { url: 'https://shop.example/?utm_source=mailgun&utm_medium=email&utm_campaign=june', category: 'june,promo', message_id: '20130821085807.30688.67706@samples.mailgun.org' },
    });
  });

  it('a permanent failure keeps its reason and code', () => {
    expect(deliver(events['failed-permanent'])[0].attributes).toMatchObject({ severity: 'permanent', reason: 'suppress-bounce', status: 605, description: 'Not delivering to previously bounced address' });
  });

  it('a signed body without event-data, id or type is a WebhookBodyError', () => {
    expect(() => deliver(null)).toThrow(WebhookBodyError);
    expect(() => deliver({ ...events.opened, id: undefined })).toThrow(/no "id"/);
    expect(() => deliver({ ...events.opened, event: undefined })).toThrow(/no "event" type/);
    expect(() => deliver({ ...events.opened, timestamp: 'soon' })).toThrow(/"event-data.timestamp"/);
  });
});
