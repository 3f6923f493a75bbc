/**
 * A person who buys in two currencies: `profile` and `attribution` show each currency's revenue
 * apart, and the tables' `revenue` columns are in one currency (the site's reporting currency) with
 * every currency in `revenue_by_currency`: never one sum of euros and dollars.
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
  );
  await shop.close();
  const built = await shop.actionlake('build');
  if (built.code !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 60_000);

afterAll(() => shop?.remove());

it('`profile` gives the revenue per currency, for the person and for each session', async () => {
  const r = await shop.actionlake('profile', 'dora');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^ {2}conversions: {2}2, revenue 40\.00 EUR \+ 15\.50 USD$/m);
  // the sessions' timeline: each session's revenue in its own currency
  expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d .* 1 {2}15\.50 USD$/m);
  expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d .* 1 {2}40\.00 EUR$/m);
});

it('`attribution` has a row and a total per currency', async () => {
  const r = await shop.actionlake('attribution', '--model', 'last');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Paid Search\s+EUR\s+1\s+40$/m);
  expect(r.stdout).toMatch(/^Total\s+EUR\s+1\s+40$/m);
  expect(r.stdout).toMatch(/^Total\s+USD\s+1\s+15\.5$/m);
  expect(r.stdout).not.toMatch(/55\.5/);
});

/** `query --json` gives a JSON column as its text */
const parsed = (rows: Record<string, any>[]) => rows.map((r) => ({ ...r, by: JSON.parse(r.by as string) }));

it('the tables add up the reporting currency only, and keep every currency in revenue_by_currency', async () => {
  // one EUR and one USD conversion: a tie, so the first alphabetically (EUR) is the reporting currency
  const [p] = parsed(await shop.query(`SELECT revenue, revenue_currency, revenue_by_currency::JSON AS by FROM profiles WHERE user_id = 'dora'`));
  expect(p).toEqual({ revenue: 40, revenue_currency: 'EUR', by: { EUR: 40, USD: 15.5 } });
  const sessions = parsed(await shop.query(`SELECT session_id, revenue, revenue_currency, revenue_by_currency::JSON AS by FROM sessions ORDER BY session_id`));
  expect(sessions).toEqual([
    { session_id: 'd1', revenue: 40, revenue_currency: 'EUR', by: { EUR: 40 } },
    { session_id: 'd2', revenue: 0, revenue_currency: 'EUR', by: { USD: 15.5 } },
  ]);
  const [daily] = await shop.query(`SELECT sum(revenue) AS revenue, sum(last_revenue) AS last, sum(linear_revenue) AS linear,
                                           sum(revenue_by_currency['USD']) AS usd FROM channel_daily`);
  expect(daily).toEqual({ revenue: 40, last: 40, linear: 40, usd: 15.5 });
  const [product] = parsed(await shop.query(`SELECT revenue, revenue_currency, revenue_by_currency::JSON AS by FROM products WHERE product_id = 'sku-1'`));
  expect(product).toEqual({ revenue: 40, revenue_currency: 'EUR', by: { EUR: 40 } });
});

it('model.json "currency" sets the reporting currency, and a malformed one is a clear error', async () => {
  shop.writeModel({ conversions: [ORDER], currency: 'euro' });
  const bad = await shop.actionlake('models');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/model\.json: "currency" must be a three-letter ISO 4217 code like "EUR", got "euro"/);

  shop.writeModel({ conversions: [ORDER], currency: 'usd' });
  const built = await shop.actionlake('models');
  expect(built.code).toBe(0);
  const [p] = parsed(await shop.query(`SELECT revenue, revenue_currency, revenue_by_currency::JSON AS by FROM profiles WHERE user_id = 'dora'`));
  expect(p).toEqual({ revenue: 15.5, revenue_currency: 'USD', by: { EUR: 40, USD: 15.5 } });
  const [daily] = await shop.query(`SELECT sum(revenue) AS revenue, sum(first_revenue) AS first FROM channel_daily`);
  expect(daily).toEqual({ revenue: 15.5, first: 15.5 });
});
