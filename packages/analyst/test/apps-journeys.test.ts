/**
 * Conversions from other apps (contract §7 "Touches", §10), known-answer journeys through the real
 * collector into a real lake, then `actionlake build`: a Shopify order credited to the web
 * sessions of the person who placed it, a Stripe payment redelivered by Stripe stored once, an
 * order from someone never on the site credited to the landing page its own row names, an
 * offline conversion (a row as `actionlake import --format google-ads-offline` writes it) credited
 * to the session that landed with its gclid, and the person's timeline in `actionlake profile`,
 * found by an email address.
 */
import { emailSha256 } from '@actionlake/schema/node';
import { deliver, sendgrid, shopifyOrder, SOURCES, stripeCheckout } from './support/apps';
import { Shop } from './support/journeys';

jest.setTimeout(60_000);

let shop: Shop;

beforeAll(async () => {
  shop = await Shop.open({ sources: SOURCES });
  shop.writeModel({ conversions: ['Order completed', 'Closed deal'], lookback_days: 30, currency: 'USD' });
  // Jane comes from a Facebook ad and signs in; opens a newsletter; comes back through its link;
  // then orders in the Shopify store (no cart attribute there: her address ties the order to her)
  await shop.send(
    { anon: 'jane-web', session: 'j1', at: 5, path: '/bikes', utm: { source: 'facebook', medium: 'paid_social', campaign: 'spring' } },
    { anon: 'jane-web', session: 'j1', at: 4.99, user_id: 'jane', action: 'Identified', action_type: 'identify', traits: { email: 'jane@example.com' } },
  );
  await deliver(shop, sendgrid('open', 'jane@example.com', shop.ago(3), 'sg-open-1', { marketing_campaign_name: 'April news' }));
  await shop.send({ anon: 'jane-web', session: 'j2', at: 2, path: '/bikes', utm: { source: 'newsletter', medium: 'email', campaign: 'april' } });
  await deliver(shop, shopifyOrder({ id: 'wh-jane-1', email: 'jane@example.com', at: shop.ago(1.9) }));
  // Gus finds the shop on Google and pays with Stripe Checkout, his browser's id as client_reference_id;
  // Stripe delivers the event three times (retries after a timeout)
  await shop.send({ anon: 'gus-web', session: 'g1', at: 4, path: '/', referrer: 'https://www.google.com/' });
  const paid = { amount_subtotal: 4200, amount_total: 4200, currency: 'usd', client_reference_id: 'gus-web', customer_details: { email: 'gus@example.com', address: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null } };
  for (let i = 0; i < 3; i++) await deliver(shop, stripeCheckout('evt_gus_1', shop.ago(3.9), paid));
  // Walk-in orders in the shop without ever visiting the site, from a newsletter link
  await deliver(shop, shopifyOrder({ id: 'wh-walkin-1', email: 'walkin@example.com', at: shop.ago(1), landing: '/?utm_source=listmonk&utm_medium=email&utm_campaign=50off' }));
  // Ada clicks a Google ad (gclid), comes back later from Facebook; the sales team closes her deal
  // offline and uploads it with the ad click's gclid (no browser, no person id on that row)
  await shop.send(
    { anon: 'ada-web', session: 'a1', at: 6, path: '/quote', click_ids: { gclid: 'Cj0KCQ-ada' } },
    { anon: 'ada-web', session: 'a2', at: 2, path: '/quote', referrer: 'https://www.facebook.com/' },
  );
  await shop.close();
  const offline = (gclid: string, value: number) => ({
    action: 'Closed deal', action_type: 'custom', occurred_at: shop.ago(1), triggered_at: shop.ago(1), received_at: shop.ago(0),
    click_ids: { gclid }, source: 'google', source_type: 'paid', attributes: { value, currency: 'USD' },
  });
  shop.writeImportRows('ads', offline('Cj0KCQ-ada', 900), offline('Cj0KCQ-unknown', 100));
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 120_000);

afterAll(() => shop?.remove());

const credits = (email: string) => shop.query(`
  SELECT a.session_id, a.channel, a."first", a."last", a.linear, a.position
  FROM attribution a JOIN conversions c ON c.event_id = a.conversion_event_id
  JOIN identity_map m ON m.person_id = c.person_id AND m.id_type = 'email' AND m.id = '${emailSha256(email)}'
  ORDER BY a.touch_index`);

it('credits a Shopify order to the web sessions of the person whose address placed it', async () => {
  const [order] = await shop.query(`SELECT origin_kind, session_id, value, currency FROM conversions WHERE person_id = (SELECT person_id FROM identity_map WHERE id = 'jane')`);
  expect(order).toEqual({ origin_kind: 'shopify', session_id: null, value: 1565.9, currency: 'USD' }); // Σ price × quantity of its line items net of the order's $20 discount (contract §7)
  expect(await credits('jane@example.com')).toEqual([
    { session_id: 'j1', channel: 'Paid Social', first: 1, last: 0, linear: 0.5, position: 0.5 },
    { session_id: 'j2', channel: 'Email', first: 0, last: 1, linear: 0.5, position: 0.5 },
  ]);
});

it('stores a Stripe payment Stripe delivered three times once, credited to the session of the browser the checkout named', async () => {
  expect(await shop.query(`SELECT count(*)::INT AS n FROM events WHERE origin.kind = 'stripe'`)).toEqual([{ n: 1 }]);
  expect(await shop.query(`SELECT origin_kind, value, currency FROM conversions WHERE origin_kind = 'stripe'`)).toEqual([{ origin_kind: 'stripe', value: 42, currency: 'USD' }]);
  expect(await credits('gus@example.com')).toEqual([{ session_id: 'g1', channel: 'Organic Search', first: 1, last: 1, linear: 1, position: 1 }]);
});

it('credits an order from someone never on the site to the landing page its own row names', async () => {
  expect(await credits('walkin@example.com')).toEqual([{ session_id: null, channel: 'Email', first: 1, last: 1, linear: 1, position: 1 }]);
});

it('credits an offline conversion to the session that landed with its gclid, and to no other', async () => {
  const ada = `(SELECT person_id FROM identity_map WHERE id = 'ada-web')`;
  expect(await shop.query(`SELECT origin_kind, session_id, value FROM conversions WHERE action = 'Closed deal' AND person_id = ${ada}`))
    .toEqual([{ origin_kind: 'import', session_id: null, value: 900 }]);
  expect(await shop.query(`
    SELECT a.session_id, a.channel, a.click_id_type, a."first", a."last", a.linear FROM attribution a
    JOIN conversions c ON c.event_id = a.conversion_event_id WHERE c.action = 'Closed deal' ORDER BY c.value DESC, a.touch_index`)).toEqual([
    { session_id: 'a1', channel: 'Paid Search', click_id_type: 'gclid', first: 1, last: 1, linear: 1 },
    // a gclid no session landed with: the conversion is its own touch, by its own traffic source
    { session_id: null, channel: 'Paid Search', click_id_type: 'gclid', first: 1, last: 1, linear: 1 },
  ]);
});

it('counts every conversion once in channel_daily, at session scope and by each model', async () => {
  const [t] = await shop.query(`SELECT sum(conversions)::INT AS conversions, sum(first_conversions) AS f, sum(last_conversions) AS l,
                                       round(sum(revenue), 2) AS revenue, round(sum(linear_revenue), 2) AS linear_revenue FROM channel_daily`);
  const total = 1565.9 + 42 + 1565.9 + 900 + 100; // the two Shopify orders net of their $20 discount
  expect(t).toEqual({ conversions: 5, f: 5, l: 5, revenue: total, linear_revenue: total });
});

it('dates a person by every app: one who only ever ordered in the shop is first and last seen at the order', async () => {
  const [walkin] = await shop.query(`
    SELECT sessions, conversions, epoch_ms(first_seen) AS first_seen, epoch_ms(last_seen) AS last_seen FROM profiles
    WHERE person_id = (SELECT person_id FROM identity_map WHERE id_type = 'email' AND id = '${emailSha256('walkin@example.com')}')`);
  const ordered = Date.parse(shop.ago(1));
  expect(walkin).toEqual({ sessions: 0, conversions: 1, first_seen: expect.any(Number), last_seen: expect.any(Number) });
  expect(Math.abs(walkin.first_seen - ordered)).toBeLessThan(1000);
  expect(walkin.last_seen).toBe(walkin.first_seen);
});

it('`profile EMAIL` finds the person and shows the email and order touches on the timeline, with their origin', async () => {
  const r = await shop.actionlake('profile', 'Jane@Example.com');
  expect(r.stderr).toBe('');
  const timeline = r.stdout.slice(r.stdout.indexOf('\nTimeline\n')).split('\n').slice(4, 8).map((l) => l.replace(/^\S+ \S+ +/, '').replace(/ {2,}/g, ' | ').trim());
  expect(timeline).toEqual([
    'web | Visit: Paid Social (facebook / paid_social) | campaign spring',
    'sendgrid newsletter | Email opened | campaign April news',
    'web | Visit: Email (newsletter / email) | campaign april',
    'shopify orders | Order completed | order #9999, 1575.90 USD',
  ]);
  const json = JSON.parse((await shop.actionlake('profile', emailSha256('jane@example.com')!, '--json')).stdout);
  expect(json.profile.user_id).toBe('jane');
  expect(json.timeline.map((t: any) => t.origin)).toEqual(['web', 'sendgrid newsletter', 'web', 'shopify orders']);
});

it('`erase` covers every source: a browser\'s id takes the offline conversion of its gclid, an address the Stripe payment', async () => {
  const kinds = () => shop.query(`SELECT origin.kind AS kind, count(*)::INT AS n FROM events GROUP BY 1 ORDER BY 1`);
  expect(await kinds()).toEqual([{ kind: 'browser', n: 6 }, { kind: 'import', n: 2 }, { kind: 'sendgrid', n: 1 }, { kind: 'shopify', n: 2 }, { kind: 'stripe', n: 1 }]);
  const ada = await shop.actionlake('erase', 'ada-web');
  expect(ada.stderr).toBe('');
  expect(ada.stdout).toMatch(/^erase shop: 2 ids, 3 rows removed;/m); // ada-web and gclid:Cj0KCQ-ada; two page views, the closed deal
  const gus = await shop.actionlake('erase', 'gus@example.com');
  expect(gus.stderr).toBe('');
  expect(gus.stdout).toMatch(/^erase shop: 2 ids, 2 rows removed;/m); // gus-web and his address; his page view, his payment
  expect(await kinds()).toEqual([{ kind: 'browser', n: 3 }, { kind: 'import', n: 1 }, { kind: 'sendgrid', n: 1 }, { kind: 'shopify', n: 2 }]);
  expect(await shop.query(`SELECT json_extract_string(click_ids, '$.gclid') AS gclid FROM events WHERE origin.kind = 'import'`)).toEqual([{ gclid: 'Cj0KCQ-unknown' }]);
  expect(await shop.query(`SELECT count(*)::INT AS n FROM events WHERE origin.kind = 'stripe' OR anonymous_id IN ('ada-web', 'gus-web')`)).toEqual([{ n: 0 }]);
});
