/**
 * The README's "Other apps" snippets that hand the visitor's anonymous_id to a shop, run as written
 * (taken from README.md itself) in a real page with the real sdk.js, on a visitor's very first page:
 * the Shopify theme line posts the cart attribute, the Stripe page line fills the checkout form.
 * The value each hands over must be the anonymous_id of that visitor's rows in the lake, and the
 * order the vendor then sends (Shopify's note_attributes, Stripe's client_reference_id, both signed
 * as the vendors sign them) lands on that same anonymous_id. Shopify's `/cart/update.js` and the
 * shop's checkout backend are stood in for by Playwright routes: they only record what the page sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { fixtureText, shopifyHeaders, stripeEvent, stripeHeader } from '../../packages/collector/test/support/webhooks';
import { startCollector, tempDir, type RunningCollector } from './support/collector';
import { readLocalRows } from './support/lake';
import { pageWithSdk, sitePool } from './support/sites';

const README = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const SECRET = { shopify: 'shpss_snippets_e2e', stripe: 'whsec_snippets_e2e' };

/** the README's HTML block that starts with the comment containing `marker`, without that comment */
function snippet(marker: string): string {
  const block = README.split('```html\n').map((b) => b.split('\n```')[0]).find((b) => b.startsWith('<!--') && b.split('\n')[0].includes(marker));
  if (!block) throw new Error(`README.md has no html block whose comment says "${marker}"`);
  return block.split('\n').slice(1).join('\n');
}

let collector: RunningCollector;
let lakeDir: string;
const sites = sitePool();

test.beforeAll(async () => {
  const root = tempDir('snippets');
  lakeDir = path.join(root, 'lake');
  const sources = path.join(root, 'sources.json');
  fs.writeFileSync(sources, JSON.stringify([
    { id: 'orders', kind: 'shopify', site: 'shop', secret: SECRET.shopify },
    { id: 'payments', kind: 'stripe', site: 'shop', secret: SECRET.stripe },
  ]));
  collector = await startCollector({ LAKE_DIR: lakeDir, SPOOL_DIR: path.join(root, 'spool'), SOURCES_FILE: sources, COLLECTOR_ID: 'c-snippets' });
});

test.afterAll(async () => {
  await sites.closeAll();
  await collector?.kill('SIGTERM');
});

/** A first visit (a fresh browser profile) of a page with sdk.js and `body`; `path` of the shop's endpoint to record. */
async function firstVisit(browser: Browser, body: string, endpoint: string, act?: (page: Page) => Promise<void>) {
  const origin = await sites.serve({ '*': pageWithSdk(collector.url, body) });
  const context = await browser.newContext();
  const page = await context.newPage();
  const sent: string[] = [];
  await page.route(`**${endpoint}`, async (route) => {
    sent.push(route.request().postData() ?? '');
    await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' });
  });
  await page.goto(`${origin}/products/board`);
  if (act) await act(page);
  // the snippet waits for sdk.js to have sent the page view (flush) before it hands the id over
  await expect.poll(() => sent.length, { timeout: 15_000 }).toBeGreaterThan(0);
  // let the route's answer finish before the context goes: closing it under a route still
  // fulfilling can hang until the test's timeout (seen in CI on a loaded machine)
  await page.unrouteAll({ behavior: 'wait' });
  await context.close();
  return sent[0];
}

/** the distinct anonymous ids of the lake rows that `match`, once there are some */
async function anonymousIdsOf(match: (row: any) => boolean): Promise<string[]> {
  let ids: string[] = [];
  await expect.poll(() => {
    ids = [...new Set(readLocalRows(lakeDir).map((r) => r.row).filter(match).map((row) => row.anonymous_id))];
    return ids.length;
  }, { timeout: 20_000 }).toBeGreaterThan(0);
  return ids;
}

test("Shopify's theme line: the cart attribute is the visitor's anonymous_id, and the order Shopify sends lands on it", async ({ browser }) => {
  const line = snippet('Shopify theme');
  const posted = await firstVisit(browser, `<h1>Board</h1>${line}`, '/cart/update.js');
  const id = JSON.parse(posted).attributes?.actionlake_anonymous_id;
  expect(typeof id).toBe('string');
  expect(await anonymousIdsOf((row) => row.origin?.kind === 'browser' && row.page?.path === '/products/board' && row.anonymous_id === id)).toEqual([id]);

  // Shopify copies the cart's attributes into the order's note_attributes
  const order = fixtureText('shopify/orders-create.json').replace('"note_attributes":[]', `"note_attributes":[{"name":"actionlake_anonymous_id","value":${JSON.stringify(id)}}]`);
  const res = await fetch(`${collector.url}/v1/hooks/orders`, { method: 'POST', body: order, headers: shopifyHeaders(order, SECRET.shopify, 'orders/create', 'snippet-order-1') });
  expect(res.status).toBe(200);
  expect(await anonymousIdsOf((row) => row.origin?.source_id === 'orders')).toEqual([id]);
});

test("Stripe's page line: the checkout form posts the visitor's anonymous_id, and the completed session lands on it", async ({ browser }) => {
  const block = snippet('Stripe');
  const posted = await firstVisit(browser, `<h1>Board</h1>${block}`, '/create-checkout-session', async (page) => {
    // the visitor clicks once the page has loaded (the field is filled then)
    await expect(page.locator('input[name=actionlake_anonymous_id]')).not.toHaveValue('');
    await Promise.all([page.waitForURL('**/create-checkout-session'), page.getByRole('button', { name: 'Checkout' }).click()]);
  });
  const id = new URLSearchParams(posted).get('actionlake_anonymous_id');
  expect(id).toBeTruthy();
  const browserIds = await anonymousIdsOf((row) => row.origin?.kind === 'browser' && row.anonymous_id === id);
  expect(browserIds).toEqual([id]);

  // the backend put it into client_reference_id (README); Stripe sends it back with the completed session
  const body = stripeEvent('checkout.session.completed', 'checkout.session', { status: 'complete', payment_status: 'paid', amount_total: 4200, currency: 'usd', client_reference_id: id }, { id: 'evt_snippet_1', created: Math.floor(Date.now() / 1000) });
  const res = await fetch(`${collector.url}/v1/hooks/payments`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'stripe-signature': stripeHeader(body, SECRET.stripe, Math.floor(Date.now() / 1000)) },
  });
  expect(res.status).toBe(200);
  expect(await anonymousIdsOf((row) => row.origin?.source_id === 'payments')).toEqual([id]);
});
