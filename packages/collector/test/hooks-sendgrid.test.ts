/**
 * SendGrid's Event Webhook adapter: ECDSA P-256 over timestamp + raw body (SendGrid's published
 * vectors, and the documented event sample signed with a key pair made here), every event type of
 * the sample mapped, dedup keys stable across SendGrid's changing sg_event_id, bad bodies named.
 */
import { createPublicKey } from 'node:crypto';
import { sendgrid, SENDGRID_TOLERANCE_SECONDS } from '../src/sources/vendors/sendgrid';
import { WebhookBodyError, type Source } from '../src/sources/types';
import { fixtureJson, hookRequest, sendgridBody, sendgridHeaders, sendgridKeys } from './support/webhooks';

const vectors = fixtureJson('sendgrid/test-vectors.json');
const sample = fixtureJson<Record<string, unknown>[]>('sendgrid/event-sample.json');
const SAMPLE_TIME = 1513299569; // the sample's timestamp: 2017-12-15T00:59:29Z
const at = (seconds: number) => new Date(seconds * 1000);

const vectorRequest = (v: any, body = v.body) => hookRequest(body, {
  'X-Twilio-Email-Event-Webhook-Signature': v.signature, 'X-Twilio-Email-Event-Webhook-Timestamp': v.timestamp,
}, { now: at(Number(v.timestamp)) });
const vectorSource = (v: any): Source => ({ id: 'sg', kind: 'sendgrid', site: 'shop', public_key: v.public_key });

describe('SendGrid signature (ECDSA P-256 over timestamp + raw body)', () => {
  it("accepts SendGrid's own published signatures, single event and batch", () => {
    expect(sendgrid.verify(vectorSource(vectors.single), vectorRequest(vectors.single))).toEqual({ ok: true });
    expect(sendgrid.verify(vectorSource(vectors.multiple), vectorRequest(vectors.multiple))).toEqual({ ok: true });
  });

  it('refuses the same events re-serialized without their CRLFs, or one byte changed: 401', () => {
    const v = vectors.multiple;
    const reserialized = JSON.stringify(JSON.parse(v.body));
    expect(sendgrid.verify(vectorSource(v), vectorRequest(v, reserialized))).toMatchObject({ ok: false, status: 401, reason: 'bad signature' });
    const changed = v.body.replace('invalid@gmail.com', 'invalid@gmail.con');
    expect(sendgrid.verify(vectorSource(v), vectorRequest(v, changed))).toMatchObject({ ok: false, status: 401 });
  });

  it("refuses another key, a missing header, and a source without a key: 401", () => {
    const v = vectors.single;
    expect(sendgrid.verify({ ...vectorSource(v), public_key: vectors.multiple.public_key }, vectorRequest(v))).toMatchObject({ ok: false, status: 401 });
    expect(sendgrid.verify(vectorSource(v), hookRequest(v.body, {}, { now: at(Number(v.timestamp)) })))
      .toMatchObject({ ok: false, status: 401, reason: 'missing SendGrid signature or timestamp header' });
    expect(sendgrid.verify({ ...vectorSource(v), public_key: 'not a key' }, vectorRequest(v))).toMatchObject({ ok: false, status: 401 });
  });

  it('takes the key as PEM too', () => {
    const v = vectors.single;
    const pem = createPublicKey({ key: Buffer.from(v.public_key, 'base64'), format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
    expect(sendgrid.verify({ ...vectorSource(v), public_key: pem }, vectorRequest(v))).toEqual({ ok: true });
  });

  it(`refuses a signed timestamp more than ${SENDGRID_TOLERANCE_SECONDS} s away, either way`, () => {
    const v = vectors.single;
    const ts = Number(v.timestamp);
    const source = vectorSource(v);
    const req = (now: number) => ({ ...vectorRequest(v), now: at(now) });
    expect(sendgrid.verify(source, req(ts + SENDGRID_TOLERANCE_SECONDS))).toEqual({ ok: true });
    expect(sendgrid.verify(source, req(ts + SENDGRID_TOLERANCE_SECONDS + 1))).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/^stale timestamp/) });
    expect(sendgrid.verify(source, req(ts - SENDGRID_TOLERANCE_SECONDS - 1))).toMatchObject({ ok: false, status: 401 });
    expect(sendgrid.verify({ ...source, tolerance_seconds: 60 }, req(ts + 61))).toMatchObject({ ok: false, status: 401 });
  });
});

describe('SendGrid events', () => {
  const keys = sendgridKeys();
  const source: Source = { id: 'sg', kind: 'sendgrid', site: 'shop', public_key: keys.publicKey };
  const deliver = (events: unknown[]) => {
    const body = sendgridBody(events);
    const req = hookRequest(body, sendgridHeaders(keys, body, SAMPLE_TIME + 60), { now: at(SAMPLE_TIME + 60) });
    expect(sendgrid.verify(source, req)).toEqual({ ok: true });
    return sendgrid.parse(source, req);
  };

  it('maps each event type of the documented sample to its action; unmapped types keep their name', () => {
    const events = deliver(sample);
    expect(events.map((e) => [e.vendor_event, e.action])).toEqual([
      ['processed', 'processed'],
      ['deferred', 'deferred'],
      ['delivered', 'Email delivered'],
      ['open', 'Email opened'],
      ['click', 'Email clicked'],
      ['bounce', 'Email bounced'],
      ['dropped', 'dropped'],
      ['spamreport', 'Email marked as spam'],
      ['unsubscribe', 'Email unsubscribed'],
      ['group_unsubscribe', 'Email unsubscribed'],
      ['group_resubscribe', 'Contact subscribed'],
    ]);
    for (const e of events) {
      expect(e.email).toBe('example@test.com');
      expect(e.occurred_at).toBe('2017-12-15T00:59:29.000Z');
      expect(e.attributes?.category).toBe('cat facts');
      expect(e.action_type).toBe('custom');
    }
    // the sample repeats one placeholder sg_event_id: the events are still eleven different rows
    expect(new Set(events.map((e) => e.vendor_id)).size).toBe(11);
  });

  it('a click keeps its URL, its UTMs, campaign and category, and the reader\'s IP and browser', () => {
    const click = { ...sample[4], url: 'https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=abc', marketing_campaign_name: 'Spring sale', category: ['cat facts', 'promo'] };
    const [e] = deliver([click]);
    expect(e).toEqual({
      vendor_id: expect.stringMatching(/^sendgrid:[0-9a-f]{40}$/),
      action: 'Email clicked',
      action_type: 'custom',
      vendor_event: 'click',
      occurred_at: '2017-12-15T00:59:29.000Z',
      email: 'example@test.com',
      utm: { source: 'newsletter', medium: 'email', campaign: 'spring' },
      click_ids: { gclid: 'abc' },
      ip: '255.255.255.255',
      user_agent: 'Mozilla/4.0 (compatible; MSIE 6.1; Windows XP; .NET CLR 1.1.4322; .NET CLR 2.0.50727)',
      attributes: {
        url: 'https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring&gclid=abc',
        category: 'cat facts,promo',
        campaign: 'Spring sale',
        message_id: 'sg_message_id',
        sg_event_id: 'sg_event_id',
      },
    });
  });

  it("a bounce keeps reason and status; a delivery does not take SendGrid's own IP as the reader's", () => {
    const [bounce] = deliver([sample[5]]);
    expect(bounce.attributes).toMatchObject({ reason: '500 unknown recipient', status: '5.0.0' });
    const [published] = sendgrid.parse(vectorSource(vectors.multiple), vectorRequest(vectors.multiple)).slice(1);
    expect(published).toMatchObject({ action: 'Email bounced', email: 'invalid@gmail.com', occurred_at: '2021-04-28T23:05:47.000Z' });
    expect(published.attributes).toMatchObject({ bounce_type: 'blocked', status: '5.2.2' });
    expect(published.ip).toBeUndefined();
  });

  it('a retry with a new sg_event_id is the same vendor id; another event of the message is not', () => {
    const [first] = deliver([sample[3]]);
    const [retry] = deliver([{ ...sample[3], sg_event_id: 'a-new-id-on-retry' }]);
    const [other] = deliver([{ ...sample[3], timestamp: SAMPLE_TIME + 5 }]);
    expect(retry.vendor_id).toBe(first.vendor_id);
    expect(other.vendor_id).not.toBe(first.vendor_id);
  });

  it('a body that is not an array of events is a WebhookBodyError naming what is wrong', () => {
    const parse = (body: string) => sendgrid.parse(source, hookRequest(body));
    expect(() => parse('[{"event":')).toThrow(WebhookBodyError);
    expect(() => parse('[{"event":')).toThrow(/^malformed JSON/);
    expect(() => parse('{"event":"open"}')).toThrow(/not an array/);
    expect(() => parse('[42]')).toThrow(/event 0 is not a JSON object/);
    expect(() => parse('[{"email":"a@b.c","timestamp":1}]')).toThrow(/event 0 has no "event" type/);
    expect(() => parse('[{"event":"open","email":"a@b.c"}]')).toThrow(/"timestamp" is missing/);
  });
});
