import { expect, test } from '@playwright/test';
import { startCollector, tempDir } from './support/collector';
import { freePort } from './support/ports';
import { sitePool } from './support/sites';
import {
  al, clickRows, demoShopHtml, getActions, mapFields, notReached, openRecorder, panelOf, submitToken, unlock, visitorAddsToCart,
} from './support/recorder';

// The recorder as real deployments run it: the shop on one origin, the collector (sdk.js,
// recorder.js, the API) on another, with ALLOWED_ORIGINS naming the shop.
const TOKEN = 'e2e-editor-token';
const pool = sitePool();
test.afterAll(() => pool.closeAll());

test('the shop on its own origin: token, pick, map, save and delete cross-origin (CORS preflights), a visitor\'s click lands; an origin not allowed is told why', async ({ browser, page }) => {
  // real deployments: the shop on one origin, the collector (sdk.js, recorder.js, the API) on another
  const port = await freePort();
  const html = demoShopHtml(`http://127.0.0.1:${port}`);
  const shopOrigin = await pool.serve({ '*': html });
  const otherOrigin = await pool.serve({ '*': html });
  const crossLake = tempDir('lake');
  const cross = await startCollector({ PORT: String(port), LAKE_DIR: crossLake, SPOOL_DIR: tempDir('spool'), ADMIN_TOKEN: TOKEN, ALLOWED_ORIGINS: shopOrigin });
  try {
    // not in ALLOWED_ORIGINS: the browser refuses the answer to the token check, and the panel says why
    await openRecorder(page, `${otherOrigin}/`);
    await submitToken(page, TOKEN);
    await expect(al(page, 'message')).toHaveText(notReached(cross.url));
    await expect(al(page, 'token')).toBeVisible();

    const shop2 = `${shopOrigin}/`;
    await openRecorder(page, shop2);
    const check = page.waitForResponse((r) => r.url() === `${cross.url}/v1/sites/demo/editor`);
    await unlock(page, TOKEN); // GET with Authorization: preflighted
    expect(await (await check).request().headerValue('origin')).toBe(shopOrigin);
    const card = page.locator('.product-card').first();
    await card.locator('button.buy').click();
    await expect(al(page, 'count')).toHaveText('4 matches');
    await al(page, 'name').fill('Product clicked');
    await mapFields(page, card);
    const put = page.waitForResponse((r) => r.request().method() === 'PUT');
    await al(page, 'save').click(); // PUT with Authorization, Content-Type and If-Match: preflighted
    expect((await put).status()).toBe(201);
    expect(await (await put).request().headerValue('origin')).toBe(shopOrigin);
    await expect(al(page, 'message')).toContainText('Saved “Product clicked”');
    expect((await getActions(cross.url, 'demo')).actions.map((a) => a.id)).toEqual(['product-clicked']);

    await visitorAddsToCart(browser, shop2, 'Apache RTR 160');
    const rows = await clickRows(crossLake);
    expect(rows.map((r) => r.action)).toEqual(['Product clicked']);
    expect(rows[0].products).toEqual([{ name: 'Apache RTR 160', price: 109990, currency: 'INR', brand: 'TVS', id: 'tvs-apache-rtr-160' }]);

    const row = panelOf(page).locator('[data-al=action][data-id=product-clicked]');
    await row.locator('[data-al=delete]').click();
    const del = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await row.locator('[data-al=confirm-delete]').click(); // DELETE with Authorization and If-Match: preflighted
    expect((await del).status()).toBe(200);
    await expect(al(page, 'message')).toContainText('Deleted “Product clicked”');
    expect((await getActions(cross.url, 'demo')).actions).toEqual([]);
  } finally {
    await cross.kill('SIGTERM');
  }
});
