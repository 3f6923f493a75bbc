/**
 * Mailchimp's audience webhook adapter: the URL's `?secret=` (GET answered for Mailchimp's URL
 * check), form-encoded bodies as Mailchimp sends them, `fired_at` read as UTC.
 */
import { mailchimp } from '../src/sources/vendors/mailchimp';
import { WebhookBodyError, type Source } from '../src/sources/types';
import { fixtureText, hookRequest } from './support/webhooks';

const source: Source = { id: 'list', kind: 'mailchimp', site: 'shop', secret: 'a-long-url-secret' };
const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
const deliver = (body: string) => {
  const req = hookRequest(body, form, { query: 'secret=a-long-url-secret' });
  expect(mailchimp.verify(source, req)).toEqual({ ok: true });
  return mailchimp.parse(source, req);
};

describe('Mailchimp URL secret', () => {
  const body = fixtureText('mailchimp/subscribe.form');

  it('refuses a wrong or missing ?secret=: 401', () => {
    expect(mailchimp.verify(source, hookRequest(body, form, { query: 'secret=a-long-url-secreT' }))).toMatchObject({ ok: false, status: 401 });
    expect(mailchimp.verify(source, hookRequest(body, form))).toMatchObject({ ok: false, status: 401, reason: 'wrong or missing ?secret= in the URL' });
    expect(mailchimp.verify({ ...source, secret: undefined }, hookRequest(body, form, { query: 'secret=' }))).toMatchObject({ ok: false, status: 401 });
  });

  it("Mailchimp's GET check of the URL passes with the secret and carries no event", () => {
    const req = hookRequest('', {}, { method: 'GET', query: 'secret=a-long-url-secret' });
    expect(mailchimp.verify(source, req)).toEqual({ ok: true });
    expect(mailchimp.parse(source, req)).toEqual([]);
  });
});

describe('Mailchimp events', () => {
  it('subscribe is Contact subscribed, with the name as traits and fired_at as UTC', () => {
    expect(deliver(fixtureText('mailchimp/subscribe.form'))).toEqual([{
      vendor_id: expect.stringMatching(/^mailchimp:subscribe:[0-9a-f]{40}$/),
      action: 'Contact subscribed',
      action_type: 'custom',
      vendor_event: 'subscribe',
      occurred_at: '2014-11-04T09:42:31.000Z',
      email: 'agentsmith@snowplowtest.com',
      ip: '82.225.169.220',
      traits: { first_name: 'Agent', last_name: 'Smith' },
      attributes: { list_id: 'f1243a3b12', member_id: 'e7c77d3852' },
    }]);
  });

  it('unsubscribe is Email unsubscribed, with its reason', () => {
    const [e] = deliver(fixtureText('mailchimp/unsubscribe.form'));
    expect(e).toMatchObject({
      action: 'Email unsubscribed', vendor_event: 'unsubscribe', occurred_at: '2014-10-22T13:10:40.000Z', email: 'josh@snowplowanalytics.com',
      attributes: { list_id: 'f1243a3b12', member_id: '94826aa750', reason: 'manual', unsubscribe_action: 'unsub' },
    });
    expect(e.traits).toBeUndefined();
  });

  // the bodies below follow the fields Mailchimp documents for these types (no published capture)
  it('cleaned after a hard bounce is Email bounced; a campaign is kept under its name; upemail keeps the old address hashed', () => {
    expect(deliver('type=cleaned&fired_at=2026-01-02+03%3A04%3A05&data%5Blist_id%5D=f1243a3b12&data%5Bcampaign_id%5D=4fjk2ma9xd&data%5Breason%5D=hard&data%5Bemail%5D=gone%40example.com')[0])
      .toMatchObject({ action: 'Email bounced', email: 'gone@example.com', attributes: { campaign_id: '4fjk2ma9xd', reason: 'hard' } });
    expect(deliver('type=campaign&fired_at=2026-01-02+03%3A04%3A05&data%5Bid%5D=5aa2102003&data%5Bsubject%5D=Spring+sale&data%5Bstatus%5D=sent&data%5Blist_id%5D=f1243a3b12')[0])
      .toMatchObject({ action: 'campaign', email: null, attributes: { campaign_id: '5aa2102003', campaign: 'Spring sale', status: 'sent' } });
    const [up] = deliver('type=upemail&fired_at=2026-01-02+03%3A04%3A05&data%5Blist_id%5D=f1243a3b12&data%5Bnew_id%5D=51da8c3259&data%5Bnew_email%5D=new%40example.com&data%5Bold_email%5D=old%40example.com');
    expect(up).toMatchObject({ action: 'upemail', email: 'new@example.com', attributes: { old_email_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(JSON.stringify(up)).not.toContain('old@example.com');
  });

  it('a redelivery is the same vendor id; another member or time is not', () => {
    const body = fixtureText('mailchimp/subscribe.form');
    const id = deliver(body)[0].vendor_id;
    expect(deliver(body)[0].vendor_id).toBe(id);
    expect(deliver(body.replace('e7c77d3852', 'e7c77d3853'))[0].vendor_id).not.toBe(id);
    expect(deliver(body.replace('09%3A42%3A31', '09%3A42%3A32'))[0].vendor_id).not.toBe(id);
  });

  it('a body without type or with an unreadable fired_at is a WebhookBodyError', () => {
    expect(() => deliver('{"type":"subscribe"}')).toThrow(WebhookBodyError);
    expect(() => deliver('fired_at=2014-10-22+13%3A10%3A40')).toThrow(/no "type" field/);
    expect(() => deliver('type=subscribe&fired_at=yesterday')).toThrow(/"fired_at"/);
  });
});
