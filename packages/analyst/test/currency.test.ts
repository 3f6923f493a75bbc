/**
 * A person who buys in two currencies: `profile` and `attribution` show each currency's revenue
 * apart, never one sum of euros and dollars.
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

it('`profile` gives the revenue per currency', async () => {
  const r = await shop.actionlake('profile', 'dora');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^ {2}conversions: {2}2, revenue 40\.00 EUR \+ 15\.50 USD$/m);
});

it('`attribution` has a row and a total per currency', async () => {
  const r = await shop.actionlake('attribution', '--model', 'last');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^Paid Search\s+EUR\s+1\s+40$/m);
  expect(r.stdout).toMatch(/^Total\s+EUR\s+1\s+40$/m);
  expect(r.stdout).toMatch(/^Total\s+USD\s+1\s+15\.5$/m);
  expect(r.stdout).not.toMatch(/55\.5/);
});
