import { expect, test } from '@playwright/test';
import { pageWithSdk } from './support/sites';
import { flushSdk } from './support/visit';
import { localLakeSuite } from './support/suite';

// A first-time visitor (no definitions cached yet) who clicks "Add to cart" while
// GET /v1/sites/:site/actions is still in flight: the click waits for the definitions and becomes
// the tagged action with its product, not `Element clicked`.
const TOKEN = 'e2e-editor-token';
const suite = localLakeSuite({ ADMIN_TOKEN: TOKEN });

const CARDS = `<div lang="sv"><div class="card" data-sku="cresent-7"><h2 class="title">Crescent 7</h2><p class="price">7 499 kr</p>
  <button class="buy">Lägg i varukorgen</button></div>
<div class="card" data-sku="monark-3"><h2 class="title">Monark 3</h2><p class="price">4 990 kr</p>
  <button class="buy">Lägg i varukorgen</button></div></div>`;

test('a click made while the definitions are still on their way is classified once they arrive', async ({ page }) => {
  const res = await fetch(`${suite.collector.url}/v1/sites/early/actions/add-to-cart`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'add-to-cart', name: 'Product added', selector: '.card button.buy', container: '.card', product: { name: '.title', price: '.price', id: '@data-sku' } }),
  });
  expect(res.status).toBe(201);
  const url = await suite.serve({ '*': pageWithSdk(suite.collector.url, CARDS, { site: 'early' }) });

  // hold the answer to GET actions until the visitor has clicked
  let clicked!: () => void;
  const afterClick = new Promise<void>((r) => (clicked = r));
  let requested!: () => void;
  const actionsRequested = new Promise<void>((r) => (requested = r));
  await page.route('**/v1/sites/early/actions', async (route) => {
    requested();
    await afterClick;
    await route.continue();
  });
  await page.goto(`${url}/bikes`);
  const box = (await page.locator('.card[data-sku=monark-3] button.buy').boundingBox())!;
  await actionsRequested;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  clicked();
  await page.waitForResponse((r) => r.url().endsWith('/v1/sites/early/actions'));
  await flushSdk(page);

  await expect.poll(() => suite.rowsOf('early').filter((r) => r.action_type === 'click').length, { timeout: 30_000 }).toBe(1);
  const click = suite.rowsOf('early').find((r) => r.action_type === 'click');
  expect(click.action).toBe('Product added');
  // the page's lang="sv" tells the `kr` apart: Swedish kronor
  expect(click.products).toEqual([{ name: 'Monark 3', price: 4990, currency: 'SEK', id: 'monark-3' }]);
});

test('an early click on a card the page removes at once is still classified from the card it was in', async ({ page }) => {
  const res = await fetch(`${suite.collector.url}/v1/sites/early-gone/actions/add-to-cart`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'add-to-cart', name: 'Product added', selector: '.card button.buy', container: '.card', product: { name: '.title', price: '.price' } }),
  });
  expect(res.status).toBe(201);
  // the shop's own handler replaces the card with a confirmation as soon as it is clicked
  const body = `<div id="grid"><div class="card"><h2 class="title">Crescent 7</h2><p class="price">749,00 €</p><button class="buy">Add</button></div></div>
<script>document.addEventListener('click', (e) => { const c = e.target.closest('.card'); if (c) c.replaceWith(Object.assign(document.createElement('p'), { textContent: 'Added!' })); });</script>`;
  const url = await suite.serve({ '*': pageWithSdk(suite.collector.url, body, { site: 'early-gone' }) });
  let clicked!: () => void;
  const afterClick = new Promise<void>((r) => (clicked = r));
  let requested!: () => void;
  const actionsRequested = new Promise<void>((r) => (requested = r));
  await page.route('**/v1/sites/early-gone/actions', async (route) => {
    requested();
    await afterClick;
    await route.continue();
  });
  await page.goto(`${url}/bikes`);
  const box = (await page.locator('.card button.buy').boundingBox())!;
  await actionsRequested;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.locator('#grid')).toHaveText('Added!');
  clicked();
  await page.waitForResponse((r) => r.url().endsWith('/v1/sites/early-gone/actions'));
  await flushSdk(page);
  await expect.poll(() => suite.rowsOf('early-gone').filter((r) => r.action_type === 'click').length, { timeout: 30_000 }).toBe(1);
  const click = suite.rowsOf('early-gone').find((r) => r.action_type === 'click');
  expect(click.action).toBe('Product added');
  expect(click.products).toEqual([{ name: 'Crescent 7', price: 749, currency: 'EUR' }]);
});

// sdk.js only looks at the page and listens while it is evaluated; the SDK starts in a later task.
// Here the page's own work comes first: its timers are held until its inline script has navigated
// and clicked (as a busy page, or input the browser dispatches before timers, would); the click
// starts the SDK at once. Neither the new page's view nor the click may be lost.
test('a click and a pushState after sdk.js is evaluated but before the SDK has started are both recorded', async ({ page }) => {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Bikes</title>
<script>const later = []; const setTimeout0 = window.setTimeout; window.setTimeout = (fn, ms, ...a) => (later.push(() => fn(...a)), 0);</script>
</head><body><button id="buy">Add to cart</button>
<script src="${suite.collector.url}/sdk.js" data-site="first-look"></script>
<script>history.pushState({}, '', '/bikes/after'); document.getElementById('buy').click();
window.setTimeout = setTimeout0; later.forEach((f) => f());</script></body></html>`;
  const url = await suite.serve({ '*': html });
  await page.goto(`${url}/bikes`);
  await flushSdk(page);
  await expect.poll(() => suite.rowsOf('first-look').length, { timeout: 30_000 }).toBe(3);
  const rows = suite.rowsOf('first-look');
  expect(rows.filter((r) => r.action_type === 'pageview').map((r) => new URL(r.page.url).pathname).sort()).toEqual(['/bikes', '/bikes/after']);
  expect(rows.filter((r) => r.action_type === 'click').map((r) => r.element?.text)).toEqual(['Add to cart']);
});

// A page that has made history.pushState read-only: sdk.js cannot watch navigations there and
// does not track, but its API is still installed, so the page's own calls do not throw.
test('a page whose history cannot be patched still gets the API, and its calls do not throw', async ({ page }) => {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Bikes</title>
<script>Object.defineProperty(History.prototype, 'pushState', { value: History.prototype.pushState, writable: false });</script>
<script src="${suite.collector.url}/sdk.js" data-site="frozen-history"></script></head><body>
<script>try { window.actionlake.track('Signed up'); window.called = 'ok'; } catch (e) { window.called = String(e); }</script></body></html>`;
  const url = await suite.serve({ '*': html });
  await page.goto(`${url}/bikes`);
  expect(await page.evaluate(() => (window as any).called)).toBe('ok');
});

// The page is closed (pagehide) before the SDK has started, and its timers never run again: the
// SDK starts on the event, and the page view goes out in the page-close beacon, the only send left.
test('a page closed before the SDK has started still sends its page view', async ({ page }) => {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Bikes</title>
<script>window.setTimeout = () => 0;</script></head><body>
<script src="${suite.collector.url}/sdk.js" data-site="first-close"></script>
<script>dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));</script></body></html>`;
  const url = await suite.serve({ '*': html });
  await page.goto(`${url}/bikes`);
  await expect.poll(() => suite.rowsOf('first-close').map((r) => r.action_type), { timeout: 30_000 }).toEqual(['pageview']);
});
