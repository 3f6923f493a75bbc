/**
 * Buyers in two currencies: `profile` and `attribution` show each currency's revenue apart, and the
 * tables' `revenue` columns are in one currency (the site's reporting currency) with every currency
 * in `revenue_by_currency`: never one sum of euros and dollars, not even within one order.
 *
 * Dora buys for 40 EUR (products) and 15.50 USD (attributes); Erin three times in USD, once naming no
 * currency; Finn one order of a 10 EUR and a 20 USD product; Gus once for 50 USD (attributes) with an
 * unpriced product that names EUR, and once for 7 with an empty currency. USD is the currency most
 * conversions have revenue in (5 against 2), so it is the reporting currency.
 */
import { Shop } from './support/journeys';

const ORDER = 'Order completed';
let shop: Shop;

beforeAll(async () => {
  shop = await Shop.open();
  shop.writeModel({ conversions: [ORDER], lookback_days: 30 });
  await shop.send(
    { anon: 'dora', session: 'd1', at: 3, path: '/', utm: { source: 'google', medium: 'cpc' }, user_id: 'dora', action: 'Signed in', action_type: 'identify' },
    { anon: 'dora', session: 'd1', at: 3 - 0.001, path: '/checkout', user_id: 'dora', action: ORDER, products: [{ id: 'sku-1', price: 20, currency: 'EUR', quantity: 2 }] },
    { anon: 'dora', session: 'd2', at: 1, path: '/checkout', user_id: 'dora', action: ORDER, attributes: { revenue: 15.5, currency: 'usd' } },
    { anon: 'erin', session: 'e1', at: 2, path: '/checkout', action: ORDER, attributes: { revenue: 10, currency: 'USD' } },
    { anon: 'erin', session: 'e2', at: 1.5, path: '/checkout', action: ORDER, attributes: { value: 5 } },
    { anon: 'erin', session: 'e3', at: 1, path: '/checkout', action: ORDER, attributes: { revenue: 4.5, currency: 'USD' } },
    { anon: 'finn', session: 'f1', at: 1, path: '/checkout', utm: { source: 'newsletter', medium: 'email' }, action: ORDER,
      products: [{ id: 'sku-2', price: 10, currency: 'EUR' }, { id: 'sku-3', price: 20, currency: 'USD' }] },
    { anon: 'gus', session: 'g1', at: 1, path: '/checkout', action: ORDER, products: [{ id: 'sku-4', currency: 'EUR' }], attributes: { revenue: 50, currency: 'USD' } },
    { anon: 'gus', session: 'g2', at: 0.5, path: '/checkout', action: ORDER, attributes: { revenue: 7, currency: '' } },
  );
  await shop.close();
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 60_000);

afterAll(() => shop?.remove());

/** `query --json` gives a JSON column as its text */
const parsed = (rows: Record<string, any>[]) => rows.map((r) => ({ ...r, by: JSON.parse(r.by as string) }));

it('`profile` gives the revenue per currency, for the person, each session and each conversion', async () => {
  const r = await shop.actionlake('profile', 'dora');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^ {2}conversions: {2}2, revenue 40\.00 EUR \+ 15\.50 USD$/m);
  // the sessions' timeline: each session's revenue in its own currency
  expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d .* 1 {2}15\.50 USD$/m);
  expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d .* 1 {2}40\.00 EUR$/m);
  // one order of EUR and USD products
  const finn = await shop.actionlake('profile', 'finn');
  expect(finn.stdout).toMatch(/^ {2}conversions: {2}1, revenue 10\.00 EUR \+ 20\.00 USD$/m);
  expect(finn.stdout).toMatch(/; 1 session, 0 page views, 1 active day$/m);
  expect(finn.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d {2}Order completed {2}10\.00 EUR \+ 20\.00 USD {2}f1 /m);
  // a conversion naming no currency is in the reporting currency
  expect((await shop.actionlake('profile', 'erin')).stdout).toMatch(/^ {2}conversions: {2}3, revenue 19\.50 USD$/m);
});

it('`attribution` has a row and a total per currency, counting as the tables do', async () => {
  const r = await shop.actionlake('attribution', '--model', 'last');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Paid Search\s+EUR\s+1\s+40\.00$/m);
  // Finn's order counts once, in USD (the reporting currency), its 10 EUR in the EUR revenue
  expect(r.stdout).toMatch(/^Total\s+EUR\s+1\s+50\.00$/m);
  expect(r.stdout).toMatch(/^Total\s+USD\s+7\s+112\.00$/m);
  expect(r.stdout).not.toMatch(/^Total {2,}\d/m); // no total without a currency: every conversion here has a value
  expect(r.stdout).not.toMatch(/162/);
});

it('the tables add up the reporting currency only, and keep every currency in revenue_by_currency', async () => {
  const [p] = parsed(await shop.query(`SELECT revenue, revenue_currency, revenue_by_currency::JSON AS by FROM profiles WHERE user_id = 'dora'`));
  expect(p).toEqual({ revenue: 15.5, revenue_currency: 'USD', by: { EUR: 40, USD: 15.5 } });
  const sessions = parsed(await shop.query(`SELECT session_id, revenue, revenue_currency, revenue_by_currency::JSON AS by FROM sessions WHERE session_id IN ('d1', 'd2', 'e2', 'f1') ORDER BY session_id`));
  expect(sessions).toEqual([
    { session_id: 'd1', revenue: 0, revenue_currency: 'USD', by: { EUR: 40 } },
    { session_id: 'd2', revenue: 15.5, revenue_currency: 'USD', by: { USD: 15.5 } },
    { session_id: 'e2', revenue: 5, revenue_currency: 'USD', by: { USD: 5 } },
    { session_id: 'f1', revenue: 20, revenue_currency: 'USD', by: { EUR: 10, USD: 20 } },
  ]);
  // eight conversions, each counted once (Finn's two currencies do not make two conversions)
  const [daily] = await shop.query(`SELECT sum(conversions)::INTEGER AS conversions, sum(linear_conversions) AS linear_conversions, sum(revenue) AS revenue,
                                           sum(last_revenue) AS last, sum(linear_revenue) AS linear, sum(revenue_by_currency['EUR']) AS eur FROM channel_daily`);
  expect(daily).toEqual({ conversions: 8, linear_conversions: 8, revenue: 112, last: 112, linear: 112, eur: 50 });
  // the currency of a value from the attributes is the attributes' (not an unpriced product's); an empty one is none
  const gus = await shop.query(`SELECT session_id, value, currency FROM conversions WHERE session_id LIKE 'g%' ORDER BY session_id`);
  expect(gus).toEqual([{ session_id: 'g1', value: 50, currency: 'USD' }, { session_id: 'g2', value: 7, currency: null }]);
  const products = parsed(await shop.query(`SELECT product_id, revenue, revenue_by_currency::JSON AS by FROM products ORDER BY product_id`));
  expect(products).toEqual([
    { product_id: 'sku-1', revenue: 0, by: { EUR: 40 } },
    { product_id: 'sku-2', revenue: 0, by: { EUR: 10 } },
    { product_id: 'sku-3', revenue: 20, by: { USD: 20 } },
    { product_id: 'sku-4', revenue: 0, by: {} }, // no price: no revenue
  ]);
  const rows = await shop.query(`SELECT currency, value, reporting FROM conversion_revenue WHERE session_id = 'f1' ORDER BY currency`);
  expect(rows).toEqual([{ currency: 'EUR', value: 10, reporting: false }, { currency: 'USD', value: 20, reporting: true }]);
});

it('model.json "currency" sets the reporting currency, and a malformed one is a clear error', async () => {
  shop.writeModel({ conversions: [ORDER], currency: 'euro' });
  const bad = await shop.actionlake('models');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/model\.json: "currency" must be a three-letter ISO 4217 code like "EUR", got "euro"/);

  shop.writeModel({ conversions: [ORDER], currency: 'eur' });
  const built = await shop.actionlake('models');
  expect(built.code).toBe(0);
  const [p] = parsed(await shop.query(`SELECT revenue, revenue_currency, revenue_by_currency::JSON AS by FROM profiles WHERE user_id = 'dora'`));
  expect(p).toEqual({ revenue: 40, revenue_currency: 'EUR', by: { EUR: 40, USD: 15.5 } });
  // the orders of Erin and Gus that name no currency now count in euros
  const [daily] = await shop.query(`SELECT sum(revenue) AS revenue, sum(first_revenue) AS first, sum(revenue_by_currency['USD']) AS usd FROM channel_daily`);
  expect(daily).toEqual({ revenue: 62, first: 62, usd: 100 });
});
