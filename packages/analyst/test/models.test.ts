/**
 * Known-answer journeys through the real collector into a real lake, then `actionlake build`:
 * persons across devices, conversions and their value, channels and the five attribution models.
 */
import { PHONE_UA, Shop } from './support/journeys';

const ORDER = 'Order completed';
const GOOGLE = 'https://www.google.com/';
// a Facebook ad as advertisers tag them: Meta's fbclid alone is no ad (it is on organic posts' links too)
const FB_AD = { utm: { source: 'facebook', medium: 'paid' }, click_ids: { fbclid: 'IwAR-ad-1' }, referrer: 'https://l.facebook.com/' };

let shop: Shop;
const person = async (id: string) => (await shop.query(`SELECT person_id FROM identity_map WHERE id = '${id}'`))[0]?.person_id as string | undefined;
const touches = (conversionSession: string) =>
  shop.query(`SELECT a.touch_index, a.channel, a."first", a."last", a.linear, a.position, a.time_decay
              FROM attribution a JOIN conversions c ON c.event_id = a.conversion_event_id
              WHERE c.session_id = '${conversionSession}' ORDER BY a.touch_index`);

beforeAll(async () => {
  shop = await Shop.open();
  shop.writeModel({ conversions: [ORDER], lookback_days: 30 });
  await shop.defineAction('signup-button', { name: 'Signed up', selector: 'button.signup', conversion: true });

  // Alice: a Facebook ad on her phone, a week later Google (organic) on her laptop; signs in on
  // both; buys on the laptop.
  await shop.send(
    { anon: 'alice-phone', session: 'a1', at: 8, ua: PHONE_UA, path: '/products', ...FB_AD },
    { anon: 'alice-phone', session: 'a1', at: 8 - 0.001, ua: PHONE_UA, path: '/login', user_id: 'alice', action: 'Signed in', action_type: 'identify', traits: { plan: 'free' } },
    { anon: 'alice-laptop', session: 'a2', at: 1, path: '/', referrer: GOOGLE },
    { anon: 'alice-laptop', session: 'a2', at: 1 - 0.001, path: '/login', user_id: 'alice', action: 'Signed in', action_type: 'identify', traits: { plan: 'pro' } },
    { anon: 'alice-laptop', session: 'a2', at: 1 - 0.002, path: '/checkout', user_id: 'alice', action: ORDER,
      products: [{ id: 'sku-1', name: 'Trail shoe', price: 59.9, currency: 'EUR', quantity: 2 }, { id: 'sku-2', name: 'Sock', price: 10, currency: 'EUR' }] },
  );

  // Bob: the same two touches, then a direct visit (typed URL) in which he buys.
  await shop.send(
    { anon: 'bob-phone', session: 'b1', at: 6, ua: PHONE_UA, path: '/products', ...FB_AD, user_id: 'bob', action: 'Signed in', action_type: 'identify' },
    { anon: 'bob-laptop', session: 'b2', at: 4, path: '/', referrer: GOOGLE, user_id: 'bob', action: 'Signed in', action_type: 'identify' },
    { anon: 'bob-laptop', session: 'b3', at: 2, path: '/cart' },
    { anon: 'bob-laptop', session: 'b3', at: 2 - 0.001, path: '/checkout', user_id: 'bob', action: ORDER, attributes: { revenue: 42.5, currency: 'usd' } },
  );

  // A shop-counter tablet used by four customers: merges no one. A couch laptop used by three: merges to the last.
  const counter = ['c1', 'c2', 'c3', 'c4'];
  for (const [i, u] of counter.entries()) {
    await shop.send(
      { anon: 'counter-tablet', session: `ct${i}`, at: 3 - i * 0.1, path: '/deals' },
      { anon: 'counter-tablet', session: `ct${i}`, at: 3 - i * 0.1, user_id: u, action: 'Signed in', action_type: 'identify' },
      { anon: `${u}-own-phone`, session: `own-${u}`, at: 3, ua: PHONE_UA, user_id: u, action: 'Signed in', action_type: 'identify' },
    );
  }
  for (const [i, u] of ['h1', 'h2', 'h3'].entries()) await shop.send({ anon: 'couch-laptop', session: `cl${i}`, at: 3 - i * 0.1, user_id: u, action: 'Signed in', action_type: 'identify' });

  // Placeholder user ids sent by broken logins on two devices: never one person.
  await shop.send(
    { anon: 'ph-1', session: 'ph1', at: 2, user_id: 'null', action: 'Signed in', action_type: 'identify' },
    { anon: 'ph-2', session: 'ph2', at: 2, user_id: 'null', action: 'Signed in', action_type: 'identify' },
    { anon: 'ph-2', session: 'ph2', at: 2, user_id: 'undefined', action: 'Signed in', action_type: 'identify' },
    { anon: 'ph-3', session: 'ph3', at: 2, user_id: ' Anonymous ', action: 'Signed in', action_type: 'identify' },
    { anon: 'ph-3', session: 'ph3', at: 2, user_id: '0', action: 'Signed in', action_type: 'identify' },
  );

  // A sign-up: a conversion because its action definition says "conversion": true.
  await shop.send({ anon: 'carol', session: 'k1', at: 1, path: '/', utm: { source: 'newsletter', medium: 'email', campaign: 'nov' }, action: 'Signed up', action_type: 'click' });

  await shop.close();
  // A crawler that logs in as Alice and completes an order: kept in events, left out of the rest.
  shop.writeBotRows(
    { anonymous_id: 'crawler-1', session_id: 'bot1', user_id: null, action: 'Page viewed', action_type: 'pageview' },
    { anonymous_id: 'crawler-1', session_id: 'bot1', user_id: 'alice', action: 'Signed in', action_type: 'identify' },
    { anonymous_id: 'crawler-1', session_id: 'bot1', user_id: 'alice', action: ORDER, action_type: 'custom', products: [{ id: 'sku-bot', price: 1000, currency: 'EUR' }] },
  );
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 60_000);

afterAll(() => shop?.remove());

describe('person stitching', () => {
  it('puts both of Alice\'s devices and her user id in one person', async () => {
    const p = await person('alice');
    expect(p).toMatch(/^p[0-9a-f]{16}$/);
    expect(await person('alice-phone')).toBe(p);
    expect(await person('alice-laptop')).toBe(p);
    const [profile] = await shop.query(`SELECT user_id, anonymous_ids, sessions, device_types, first_touch_channel, last_touch_channel, revenue, traits FROM profiles WHERE person_id = '${p}'`);
    expect(profile).toMatchObject({ user_id: 'alice', anonymous_ids: ['alice-laptop', 'alice-phone'], device_types: ['desktop', 'mobile'], first_touch_channel: 'Paid Social', last_touch_channel: 'Organic Search' });
    expect(Number(profile.sessions)).toBe(2);
    expect(profile.revenue).toBeCloseTo(2 * 59.9 + 10, 6);
    expect(JSON.parse(String(profile.traits))).toEqual({ plan: 'pro' });
  });

  it('never merges through a device shared by more than 3 user ids, and merges up to 3', async () => {
    const counter = await person('counter-tablet');
    const users = await Promise.all(['c1', 'c2', 'c3', 'c4'].map(person));
    expect(new Set(users).size).toBe(4);
    expect(users).not.toContain(counter);
    expect(await person('c1-own-phone')).toBe(users[0]);
    const [{ n }] = await shop.query(`SELECT count(*)::INTEGER AS n FROM profiles WHERE list_contains(anonymous_ids, 'counter-tablet')`);
    expect(n).toBe(1);
    // three user ids: the device belongs to the last of them
    expect(await person('couch-laptop')).toBe(await person('h3'));
  });

  it('never merges through placeholder user ids, and keeps them out of the tables', async () => {
    const ids = await Promise.all(['ph-1', 'ph-2', 'ph-3'].map(person));
    expect(new Set(ids).size).toBe(3);
    expect(await shop.query(`SELECT id FROM identity_map WHERE id_type = 'user_id' AND lower(trim(id)) IN ('null', 'undefined', 'anonymous', '0')`)).toEqual([]);
    const profiles = await shop.query(`SELECT user_id FROM profiles WHERE person_id IN (${ids.map((i) => `'${i}'`).join(', ')})`);
    expect(profiles).toEqual([{ user_id: null }, { user_id: null }, { user_id: null }]);
  });
});

describe('bots', () => {
  it('keeps bot rows in events and leaves them out of every other table', async () => {
    expect(await shop.query(`SELECT action FROM events WHERE bot.is_bot ORDER BY action`)).toEqual([{ action: ORDER }, { action: 'Page viewed' }, { action: 'Signed in' }]);
    expect(await person('crawler-1')).toBeUndefined();
    const leaks = await shop.query(`
      SELECT 'sessions' AS t FROM sessions WHERE session_id = 'bot1' OR anonymous_id = 'crawler-1'
      UNION ALL SELECT 'conversions' FROM conversions WHERE session_id = 'bot1'
      UNION ALL SELECT 'attribution' FROM attribution WHERE session_id = 'bot1'
      UNION ALL SELECT 'profiles' FROM profiles WHERE list_contains(anonymous_ids, 'crawler-1') OR revenue > 1000
      UNION ALL SELECT 'products' FROM products WHERE product_id = 'sku-bot'
      UNION ALL SELECT 'channel_daily' FROM channel_daily WHERE revenue >= 1000 OR last_revenue >= 1000`);
    expect(leaks).toEqual([]);
    const [alice] = await shop.query(`SELECT p.sessions::INTEGER AS sessions, p.conversions::INTEGER AS conversions FROM profiles p JOIN identity_map i USING (person_id) WHERE i.id = 'alice'`);
    expect(alice).toEqual({ sessions: 2, conversions: 1 });
  });
});

describe('conversions and attribution', () => {
  it('values an order at Σ price × quantity, and a custom action by its "conversion": true definition', async () => {
    const rows = await shop.query(`SELECT action, session_id, value, currency FROM conversions ORDER BY session_id`);
    expect(rows).toEqual([
      { action: ORDER, session_id: 'a2', value: 129.8, currency: 'EUR' },
      { action: ORDER, session_id: 'b3', value: 42.5, currency: 'USD' },
      { action: 'Signed up', session_id: 'k1', value: null, currency: null },
    ]);
  });

  it('credits Alice\'s two touches: first Paid Social, last Organic Search, linear and position 50/50', async () => {
    const rows = await touches('a2');
    expect(rows.map((r) => [r.touch_index, r.channel, r.first, r.last, r.linear, r.position])).toEqual([
      [1, 'Paid Social', 1, 0, 0.5, 0.5],
      [2, 'Organic Search', 0, 1, 0.5, 0.5],
    ]);
    // 7 days apart: the older touch weighs half as much
    expect(rows[0].time_decay).toBeCloseTo(1 / 3, 3);
    expect(rows[1].time_decay).toBeCloseTo(2 / 3, 3);
  });

  it('gives Bob\'s last touch to Organic Search, not the direct visit he bought in', async () => {
    const rows = await touches('b3');
    expect(rows.map((r) => [r.channel, r.first, r.last, r.position])).toEqual([
      ['Paid Social', 1, 0, 0.4],
      ['Organic Search', 0, 1, 0.2],
      ['Direct', 0, 0, 0.4],
    ]);
    for (const r of rows) expect(r.linear).toBeCloseTo(1 / 3, 9);
    const sums = await shop.query(`SELECT conversion_event_id, sum("first") f, sum("last") l, sum(linear) li, sum(position) p, sum(time_decay) t FROM attribution GROUP BY 1`);
    expect(sums).toHaveLength(3);
    for (const s of sums) for (const k of ['f', 'l', 'li', 'p', 't']) expect(s[k]).toBeCloseTo(1, 9);
  });

  it('shows the models side by side in `actionlake attribution`, never adding up two currencies', async () => {
    const r = await shop.actionlake('attribution', '--json');
    expect(r.code).toBe(0);
    const by = Object.fromEntries((JSON.parse(r.stdout) as any[]).map((x) => [`${x.channel} ${x.currency}`, x]));
    // Alice paid 129.80 EUR, Bob 42.50 USD: both first touched Paid Social and last Organic Search
    expect(by['Paid Social EUR']).toMatchObject({ first_conversions: 1, first_revenue: 129.8, last_conversions: 0 });
    expect(by['Paid Social USD']).toMatchObject({ first_conversions: 1, first_revenue: 42.5, last_conversions: 0 });
    expect(by['Organic Search EUR']).toMatchObject({ first_conversions: 0, last_conversions: 1, last_revenue: 129.8 });
    expect(by['Organic Search USD']).toMatchObject({ last_conversions: 1, last_revenue: 42.5 });
    expect(by['Email null']).toMatchObject({ first_conversions: 1, last_conversions: 1, first_revenue: 0 });
    const text = await shop.actionlake('attribution', '--model', 'linear', '--by', 'source');
    expect(text.stdout).toMatch(/^source\s+currency\s+linear conv\s+linear revenue/m);
    expect(text.stdout).toMatch(/^facebook\s+EUR\s+0\.5\s+64\.90$/m);
    expect(text.stdout).toMatch(/^facebook\s+USD\s+0\.33\s+14\.17$/m);
    expect(text.stdout).toMatch(/^Total\s+EUR\s+1\s+129\.80$/m);
    expect(text.stdout).toMatch(/^Total\s+USD\s+1\s+42\.50$/m);
    expect(text.stdout).not.toMatch(/172\.3/);
  });
});

describe('reports', () => {
  it('`profile ID` finds the person from any of their ids and shows the 360° view', async () => {
    const json = await shop.actionlake('profile', 'alice-phone', '--json');
    expect(json.code).toBe(0);
    const v = JSON.parse(json.stdout);
    expect(v.person_id).toBe(await person('alice'));
    expect(v.ids.map((i: any) => `${i.id_type}=${i.id}`).sort()).toEqual(['anonymous_id=alice-laptop', 'anonymous_id=alice-phone', 'user_id=alice']);
    expect(v.sessions.map((s: any) => [s.channel, s.landing_page, s.device])).toEqual([['Paid Social', '/products', 'mobile'], ['Organic Search', '/', 'desktop']]);
    expect(v.conversions).toEqual([expect.objectContaining({ action: ORDER, value: 129.8, currency: 'EUR' })]);
    expect(v.profile.products.map((p: any) => p.id)).toEqual(['sku-1', 'sku-2']);

    const text = await shop.actionlake('profile', 'alice');
    expect(text.stdout).toContain(', user alice');
    expect(text.stdout).toMatch(/first touch: +Paid Social \(facebook \/ paid\)/);
    expect(text.stdout).toMatch(/last touch: +Organic Search \(google\.com \/ organic\)/);
    expect(text.stdout).toMatch(/conversions: +1, revenue 129\.80 EUR/);
    expect(text.stdout).toMatch(/traits: +\{plan: pro\}$/m);

    const missing = await shop.actionlake('profile', 'nobody');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe('actionlake: no person has the id "nobody" (a user_id, anonymous_id, email address or person_id) in site shop\n');
  });

  it('`segment --where` counts and lists persons, and writes CSV with --out', async () => {
    // Bob bought in USD, so his `revenue` (in EUR, the reporting currency) is 0: any currency counts here
    const r = await shop.actionlake('segment', '--where', "first_touch_channel = 'Paid Social' AND cardinality(revenue_by_currency) > 0");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2 persons match\n/);
    expect(r.stdout).toMatch(/alice-laptop alice-phone/);
    const out = `${shop.root}/buyers.csv`;
    expect((await shop.actionlake('segment', '--where', 'conversions > 0', '--out', out)).stdout).toBe(`3 persons match; written to ${out}\n`);
    const csv = require('node:fs').readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('site_id,person_id,user_id,anonymous_ids');
    expect(csv.slice(1).map((l: string) => l.split(',')[2]).sort()).toEqual(['', 'alice', 'bob']);
    const bad = await shop.actionlake('segment', '--where', 'no_such_column > 1');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^actionlake: segment --where failed: .*no_such_column.*\(columns of profiles: person_id, user_id, anonymous_ids, /);
  });
});

describe('channel_daily', () => {
  it('has one row per day and source (a NULL campaign included) that adds up to the sessions and conversions', async () => {
    const dupes = await shop.query(`SELECT dt, channel, source, medium, campaign, count(*) AS n FROM channel_daily GROUP BY ALL HAVING count(*) > 1`);
    expect(dupes).toEqual([]);
    const [totals] = await shop.query(`SELECT sum(sessions)::INTEGER AS sessions, sum(conversions)::INTEGER AS conversions, round(sum(revenue), 2) AS revenue,
                                              round(sum(linear_revenue), 2) AS linear, round(sum(time_decay_revenue), 2) AS decay,
                                              round(sum(revenue_by_currency['USD']), 2) AS usd, list_distinct(list(revenue_currency)) AS currency FROM channel_daily`);
    const [s] = await shop.query(`SELECT count(*)::INTEGER AS sessions FROM sessions`);
    // Alice's 129.80 EUR and Bob's 42.50 USD: `revenue` is in EUR (one conversion each, the tie goes to EUR)
    expect(totals).toEqual({ sessions: s.sessions, conversions: 3, revenue: 129.8, linear: 129.8, decay: 129.8, usd: 42.5, currency: ['EUR'] });
    // Alice's and Bob's Google visits; Alice bought in hers; both orders' last touch
    const [organic] = await shop.query(`SELECT sum(sessions)::INTEGER AS sessions, sum(conversions)::INTEGER AS conversions, sum(last_conversions) AS last FROM channel_daily WHERE channel = 'Organic Search'`);
    expect(organic).toEqual({ sessions: 2, conversions: 1, last: 2 });
  });
});

describe('product_daily', () => {
  it('adds up, over every day, to products: revenue, units, interactions and distinct persons', async () => {
    const daily = await shop.query(`
      WITH d AS (SELECT * FROM product_daily)
      SELECT product_id, round(sum(revenue), 2) AS revenue, sum(units)::INTEGER AS units,
             (SELECT count(DISTINCT x)::INTEGER FROM (SELECT unnest(person_keys) AS x FROM d d2 WHERE d2.product_id = d.product_id)) AS persons,
             (SELECT sum(e.value)::INTEGER FROM (SELECT unnest(map_entries(interactions)) AS e FROM d d3 WHERE d3.product_id = d.product_id)) AS events
      FROM d GROUP BY product_id ORDER BY product_id`);
    const whole = await shop.query(`
      SELECT product_id, round(revenue, 2) AS revenue,
             (SELECT sum(quantity)::INTEGER FROM (SELECT coalesce(p.quantity, 1) AS quantity FROM (SELECT unnest(products) AS p FROM events
                WHERE action = '${ORDER}' AND NOT coalesce(bot.is_bot, false)) WHERE p.id = products.product_id AND p.price IS NOT NULL)) AS units,
             persons::INTEGER AS persons, list_sum(map_values(interactions))::INTEGER AS events
      FROM products ORDER BY product_id`);
    // Alice bought 2 trail shoes and a sock; the crawler's order (as Alice) is no one's
    expect(daily).toEqual(whole);
    expect(daily.map((r) => r.product_id)).toEqual(['sku-1', 'sku-2']); // the crawler's sku-bot is left out
    expect(daily.find((r) => r.product_id === 'sku-1')).toMatchObject({ units: 2, persons: 1 });
  });
});
