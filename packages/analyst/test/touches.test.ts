/**
 * First and last touch of a person are each one whole session: a first visit that came with no
 * campaign and no ad click keeps those empty, rather than borrowing a later session's.
 */
import { Shop } from './support/journeys';

let shop: Shop;

beforeAll(async () => {
  shop = await Shop.open();
  // Carl types the address first, then comes from a Google Ads click of the "winter" campaign,
  // then from a newsletter without a campaign.
  await shop.send(
    { anon: 'carl', session: 'c1', at: 5, path: '/' },
    { anon: 'carl', session: 'c2', at: 3, path: '/bikes', utm: { source: 'google', medium: 'cpc', campaign: 'winter' }, click_ids: { gclid: 'abc' } },
    { anon: 'carl', session: 'c3', at: 1, path: '/news', utm: { source: 'newsletter', medium: 'email' } },
  );
  await shop.close();
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 60_000);

afterAll(() => shop?.remove());

it('first_touch_* and last_touch_* each come from one session, empty fields included', async () => {
  const [p] = await shop.query(`SELECT first_touch_channel, first_touch_source, first_touch_medium, first_touch_campaign, first_touch_click_id_type,
                                       last_touch_channel, last_touch_source, last_touch_campaign, last_touch_click_id_type
                                FROM profiles`);
  expect(p).toEqual({
    first_touch_channel: 'Direct', first_touch_source: '(direct)', first_touch_medium: '(none)', first_touch_campaign: null, first_touch_click_id_type: null,
    last_touch_channel: 'Email', last_touch_source: 'newsletter', last_touch_campaign: null, last_touch_click_id_type: null,
  });
  const r = await shop.actionlake('profile', 'carl');
  expect(r.stdout).toMatch(/^ {2}first touch: {2}Direct \(\(direct\) \/ \(none\)\)$/m);
});

it('`segment` says "1 person matches" in the singular', async () => {
  expect((await shop.actionlake('segment', '--where', "first_touch_channel = 'Direct'")).stdout).toMatch(/^1 person matches\n/);
});
