import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { ActionDefinition } from '@actionlake/schema';
import { pageWithSdk } from './support/sites';
import { flushSdk, sdkLoaded } from './support/visit';
import { localLakeSuite } from './support/suite';

// Saved action definitions applied by sdk.js in visitors' pages (no recorder involved), and the
// recorder loaded only for #actionlake-recorder.
const TOKEN = 'e2e-editor-token';
const suite = localLakeSuite({ ADMIN_TOKEN: TOKEN });
const { serve, rowsOf } = suite;

async function save(site: string, def: ActionDefinition, status = 201): Promise<void> {
  const res = await fetch(`${suite.collector.url}/v1/sites/${site}/actions/${def.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(def),
  });
  expect(res.status).toBe(status); // 201 created, 200 replaced
}

const PLANS = `<h1>Plans</h1>
<section class="plan" data-plan="basic"><h2 class="plan-name">Basic</h2><p class="cost">$9.99 / month</p><a class="choose" href="/signup">Choose</a></section>
<section class="plan" data-plan="pro"><h2 class="plan-name">Pro</h2><p class="cost">$1,299.00 / year</p><a class="choose" href="/signup">Choose <b>now</b></a></section>
<button id="other">Other</button>`;

test('a saved definition turns matching clicks into the named action with products and attributes, with autocapture off', async ({ page }) => {
  await save('plans', {
    id: 'plan-chosen', name: 'Plan chosen', selector: '.plan a.choose', url: '/pricing*', container: '.plan',
    product: { name: '.plan-name', price: '.cost', id: '@data-plan' }, attributes: { plan: '@data-plan' },
  });
  const url = await serve({
    '/signup': pageWithSdk(suite.collector.url, '<h1>Sign up</h1>', { site: 'plans', attrs: 'data-autocapture="off"' }),
    '*': pageWithSdk(suite.collector.url, PLANS, { site: 'plans', attrs: 'data-autocapture="off"' }),
  });
  const fetched = page.waitForResponse((r) => r.url().endsWith('/v1/sites/plans/actions'));
  await page.goto(`${url}/pricing`);
  expect((await fetched).status()).toBe(200);
  await page.click('#other'); // matches nothing, and autocapture is off
  await page.click('.plan[data-plan=pro] a.choose b'); // inside the link: closest() finds it
  await expect(page).toHaveURL(/\/signup$/);
  await flushSdk(page);
  await expect.poll(() => rowsOf('plans').map((r) => r.action).sort(), { timeout: 30_000 }).toEqual(['Page viewed', 'Page viewed', 'Plan chosen']);
  const chosen = rowsOf('plans').find((r) => r.action === 'Plan chosen');
  expect(chosen.action_type).toBe('click');
  expect(chosen.products).toEqual([{ name: 'Pro', price: 1299, currency: 'USD', id: 'pro' }]);
  expect(chosen.attributes).toEqual({ plan: 'pro' });
  expect(chosen.element).toMatchObject({ tag: 'a', text: 'Choose now' });
  expect(chosen.page.path).toBe('/pricing');
});

test('definitions apply only on pages matching their url glob; other clicks stay Element clicked', async ({ page }) => {
  await save('globs', { id: 'buy', name: 'Product clicked', selector: 'button.buy', url: '/products/*', container: '.card', product: { name: '.title' } });
  const card = '<div class="card"><h2 class="title">Duke 200</h2><button class="buy">Buy</button></div>';
  const url = await serve({ '*': pageWithSdk(suite.collector.url, card, { site: 'globs' }) });
  for (const path of ['/products/duke', '/products/a/b']) {
    const fetched = page.waitForResponse((r) => r.url().endsWith('/v1/sites/globs/actions'));
    await page.goto(url + path);
    await fetched;
    await page.click('button.buy');
  }
  await flushSdk(page);
  await expect.poll(() => rowsOf('globs').filter((r) => r.action_type === 'click').length, { timeout: 30_000 }).toBe(2);
  const clicks = rowsOf('globs').filter((r) => r.action_type === 'click');
  expect(clicks.find((r) => r.page.path === '/products/duke')).toMatchObject({ action: 'Product clicked', products: [{ name: 'Duke 200' }] });
  const deeper = clicks.find((r) => r.page.path === '/products/a/b');
  expect(deeper.action).toBe('Element clicked');
  expect(deeper.products).toBeUndefined();
});

test('recorder.js is loaded only for #actionlake-recorder, and the hash leaves the address bar', async ({ page }) => {
  const url = await serve({ '*': pageWithSdk(suite.collector.url, '<h1>Shop</h1>', { site: 'rec' }) });
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${url}/a`);
  await sdkLoaded(page);
  expect(requested.filter((u) => u.includes('recorder.js'))).toEqual([]);
  const loaded = page.waitForResponse((r) => r.url() === `${suite.collector.url}/recorder.js`);
  await page.goto(`${url}/b?q=1#actionlake-recorder`);
  expect((await loaded).status()).toBe(200);
  await expect(page).toHaveURL(`${url}/b?q=1`);
});

test('definitions are revalidated with the ETag on the next page, and the stored copy applies when the collector cannot answer', async ({ page }) => {
  const card = '<div class="card"><h2 class="title">Duke 200</h2><button class="buy">Buy</button></div>';
  const url = await serve({ '*': pageWithSdk(suite.collector.url, card, { site: 'cached' }) });
  await save('cached', { id: 'buy', name: 'Bought', selector: 'button.buy', container: '.card', product: { name: '.title' } });
  const actionsUrl = `${suite.collector.url}/v1/sites/cached/actions`;

  const first = page.waitForResponse(actionsUrl);
  await page.goto(`${url}/1`);
  const etag = (await first).headers().etag;
  expect(etag).toMatch(/^"[^"]+"$/);
  const second = page.waitForRequest(actionsUrl);
  await page.goto(`${url}/2`);
  expect((await (await second).allHeaders())['if-none-match']).toBe(etag);

  // The collector's actions endpoint fails: the copy kept from the previous page still applies.
  await page.route(actionsUrl, (route) => route.abort());
  await page.goto(`${url}/3`);
  await page.click('button.buy');
  await flushSdk(page);
  await expect.poll(() => rowsOf('cached').filter((r) => r.action === 'Bought').map((r) => r.page.path), { timeout: 30_000 }).toEqual(['/3']);
});

test('field reading is loaded only where a definition maps fields, and a click made before it arrived still gets its product', async ({ page }) => {
  const card = '<div class="card"><h2 class="title">Duke 200</h2><span class="price">₹78,990</span><button class="buy">Buy</button><button class="wish">Wish</button></div>';
  const url = await serve({ '*': pageWithSdk(suite.collector.url, card, { site: 'lazy' }) });
  const fieldsUrl = `${suite.collector.url}/sdk-fields.js`;
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await save('lazy', { id: 'wish', name: 'Wished', selector: 'button.wish' }); // no fields
  const fetched = page.waitForResponse((r) => r.url().endsWith('/v1/sites/lazy/actions'));
  await page.goto(`${url}/1`);
  await fetched;
  await page.click('button.wish');
  await flushSdk(page);
  expect(requested.filter((u) => u.startsWith(fieldsUrl))).toEqual([]);

  // The next page has a definition with a product cached: sdk-fields.js is late (held 1.5 s), the click is not.
  await save('lazy', { id: 'buy', name: 'Bought', selector: 'button.buy', container: '.card', product: { name: '.title', price: '.price' } });
  const again = page.waitForResponse((r) => r.url().endsWith('/v1/sites/lazy/actions'));
  await page.goto(`${url}/2`);
  await again; // now cached with the product mapping
  let held = 0;
  await page.route((u) => u.pathname === '/sdk-fields.js', async (route) => {
    // page /2 may still be asking for it (it has just learned the mapping): only /3's request counts
    if (route.request().frame().url().endsWith('/3')) held++;
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue().catch(() => undefined); // /2's request is gone with its page
  });
  await page.goto(`${url}/3`, { waitUntil: 'domcontentloaded' }); // not 'load': that waits for sdk-fields.js
  await sdkLoaded(page);
  expect(await page.evaluate(() => '__actionlakeFields' in window)).toBe(false);
  await page.click('button.buy');
  await flushSdk(page);
  expect(held).toBe(1);
  // asked for under its content hash, so a cached copy of an older release is never used with this sdk.js
  const asked = requested.find((u) => u.startsWith(fieldsUrl))!;
  const served = Buffer.from(await (await fetch(fieldsUrl)).arrayBuffer());
  expect(new URL(asked).searchParams.get('v')).toBe(createHash('sha256').update(served).digest('hex').slice(0, 10));
  await expect.poll(() => rowsOf('lazy').filter((r) => r.action === 'Bought').map((r) => r.page.path), { timeout: 30_000 }).toEqual(['/3']);
  expect(rowsOf('lazy').find((r) => r.action === 'Bought').products).toEqual([{ name: 'Duke 200', price: 78990, currency: 'INR' }]);
});

test('a click held for the field reader is not let go by the earlier hold\'s deadline (one deadline, from the latest reason to wait)', async ({ page }) => {
  const card = '<div class="card"><h2 class="title">Duke 390</h2><span class="price">₹3,10,000</span><button class="buy">Buy</button></div>';
  const url = await serve({ '*': pageWithSdk(suite.collector.url, card, { site: 'rehold' }) });
  // the first page caches a definition without fields
  await save('rehold', { id: 'buy', name: 'Bought', selector: 'button.buy' });
  const cached = page.waitForResponse((r) => r.url().endsWith('/v1/sites/rehold/actions'));
  await page.goto(`${url}/1`);
  await cached;
  // then the definition gains a product mapping: the next page learns it from its fetch, and must load the field reader
  await save('rehold', { id: 'buy', name: 'Bought', selector: 'button.buy', container: '.card', product: { name: '.title', price: '.price' } }, 200);

  const gate = () => { let open!: () => void; const opened = new Promise<void>((r) => (open = r)); let hit!: () => void; const reached = new Promise<void>((r) => (hit = r)); return { open, opened, hit, reached }; };
  const actions = gate();
  const fieldsFile = gate();
  await page.route('**/v1/sites/rehold/actions', async (route) => (actions.hit(), await actions.opened, route.continue()));
  await page.route((u) => u.pathname === '/sdk-fields.js', async (route) => (fieldsFile.hit(), await fieldsFile.opened, route.continue()));
  await page.clock.install();
  await page.goto(`${url}/2`, { waitUntil: 'domcontentloaded' });
  await sdkLoaded(page);
  await page.clock.runFor(100); // the start: the cached definition (no fields) lets clicks through; the fetch goes out
  await actions.reached;
  await page.clock.runFor(2_000);
  actions.open(); // 2.1 s in: the fetched definition maps a product, so clicks wait for sdk-fields.js
  await fieldsFile.reached;
  await page.click('button.buy');
  await page.clock.runFor(1_500); // 3.6 s: past the start's deadline (3 s), not the new one (5.1 s)
  fieldsFile.open();
  await page.waitForFunction(() => '__actionlakeFields' in window);
  await page.clock.runFor(100);
  await flushSdk(page);
  await expect.poll(() => rowsOf('rehold').filter((r) => r.action === 'Bought').length, { timeout: 30_000 }).toBe(1);
  expect(rowsOf('rehold').find((r) => r.action === 'Bought').products).toEqual([{ name: 'Duke 390', price: 310000, currency: 'INR' }]);
});
