import { expect, test } from '@playwright/test';
import { startCollector, tempDir } from './support/collector';
import { collectorPerTest } from './support/suite';
import {
  al, clickRows, getActions, mapFields, notReached, openRecorder, panelOf, putAction, screenshots, submitToken, unlock, visitorAddsToCart,
} from './support/recorder';
import { sdkLoaded, flushSdk } from './support/visit';

// The Action Recorder (recorder.js) in real Chromium on the demo shop, against the real collector.
// Each test gets its own collector and lake, so "nothing was saved" means exactly that.
const TOKEN = 'e2e-editor-token';
const run = collectorPerTest({ ADMIN_TOKEN: TOKEN });

const BUY = { id: 'product-clicked', name: 'Product clicked', selector: '.product-card button.buy', container: '.product-card', product: { name: '.title' } };

test('a marketer tags "Product clicked" by pointing and clicking; a new visitor\'s click on another card lands with that card\'s product', async ({ browser }, testInfo) => {
  const marketer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await marketer.newPage();
  await openRecorder(page, run.shop);
  await expect(page).toHaveURL(run.shop); // the hash left the address bar
  await unlock(page, TOKEN);
  await expect(al(page, 'actions')).toContainText('No actions saved');

  const card = page.locator('.product-card').first();
  await card.locator('button.buy').click();
  // the proposal: the card is the container, the selector matches the button of every card
  await expect(al(page, 'container')).toHaveValue(/product-card/);
  await expect(al(page, 'selector')).toHaveValue(/buy/);
  await expect(al(page, 'picked')).toContainText('Add to cart');
  await expect(al(page, 'count')).toHaveText('4 matches');

  await al(page, 'name').fill('Product clicked');
  await expect(al(page, 'id')).toHaveValue('product-clicked');
  await mapFields(page, card); // name, price, brand, and id by a click on the card itself
  await expect(al(page, 'field-id').locator('input')).toHaveValue('@data-sku');
  await expect(al(page, 'count')).toHaveText('4 matches — Duke 200 · 78990 INR · KTM · ktm-duke-200');
  await expect(al(page, 'matches').locator('li')).toHaveText([
    'Duke 200 · 78990 INR · KTM · ktm-duke-200',
    'Classic 350 · 193080 INR · Royal Enfield · re-classic-350',
    'Pulsar NS200 · 142000 INR · Bajaj · bajaj-pulsar-ns200',
    'Apache RTR 160 · 109990 INR · TVS · tvs-apache-rtr-160',
  ]);
  await expect(panelOf(page).locator('[data-al=box-match]')).toHaveCount(0); // boxes live in the overlay, not the panel
  await expect(page.locator('actionlake-recorder [data-al=box-match]')).toHaveCount(4);
  // while recording, the shop's own click handler did not run, and its CSS is untouched by ours
  await expect(page.locator('.cart')).toHaveText('');
  expect(await card.locator('button.buy').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(255, 106, 0)');

  await screenshots(page, testInfo);

  await expect(al(page, 'save')).toBeEnabled();
  await al(page, 'save').click();
  await expect(al(page, 'message')).toContainText('Saved “Product clicked”');
  await expect(al(page, 'actions')).toContainText('Product clicked');
  const saved = await getActions(run.collector.url, 'demo');
  expect(saved.actions).toHaveLength(1);
  expect(saved.actions[0]).toMatchObject({ id: 'product-clicked', name: 'Product clicked', container: expect.stringContaining('product-card') });
  expect(saved.actions[0].product).toEqual({ name: expect.any(String), price: expect.any(String), brand: expect.any(String), id: '@data-sku' });
  await expect(page.locator('.cart')).toHaveText('');

  // a fresh visitor: no hash, no recorder, a different card
  await visitorAddsToCart(browser, run.shop, 'Classic 350');
  await flushSdk(page); // whatever the marketer's page would send
  const rows = await clickRows(run.lakeDir);
  // the marketer's clicks were the recorder's: none reached the SDK
  expect(rows.map((r) => r.action)).toEqual(['Product clicked']);
  // the id mapped by clicking the card itself is read from that card's data-sku
  expect(rows[0].products).toEqual([{ name: 'Classic 350', price: 193080, currency: 'INR', brand: 'Royal Enfield', id: 're-classic-350' }]);
  expect(rows[0].element).toMatchObject({ tag: 'button', text: 'Add to cart' });
  await marketer.close();
});

test('a wrong editor token is refused with a message and nothing is saved; an unreachable (or CORS-refusing) collector is said so', async ({ page }) => {
  await openRecorder(page, run.shop);
  await submitToken(page, 'not-the-token');
  await expect(al(page, 'message')).toContainText('Wrong editor token');
  await expect(al(page, 'token')).toBeVisible();
  await expect(al(page, 'editor')).toBeHidden();
  expect(await page.evaluate(() => sessionStorage.getItem('actionlake-editor-token'))).toBeNull();
  // still locked: a click on the page picks nothing, and the shop's handler does not run
  await page.locator('.product-card button.buy').first().click();
  await expect(al(page, 'editor')).toBeHidden();
  await expect(page.locator('.cart')).toHaveText('');
  expect((await getActions(run.collector.url, 'demo')).actions).toEqual([]);

  await page.route('**/v1/sites/demo/editor', (r) => r.abort('connectionrefused'));
  await submitToken(page, TOKEN);
  await expect(al(page, 'message')).toHaveText(notReached(run.collector.url));
  expect(await page.evaluate(() => sessionStorage.getItem('actionlake-editor-token'))).toBeNull();
  await page.unroute('**/v1/sites/demo/editor');
  await unlock(page, TOKEN);
  expect(await page.evaluate(() => sessionStorage.getItem('actionlake-editor-token'))).toBe(TOKEN);
});

test('a collector without ADMIN_TOKEN: the recorder shows why edits are refused', async ({ page }) => {
  const plain = await startCollector({ LAKE_DIR: tempDir('lake'), SPOOL_DIR: tempDir('spool') });
  try {
    await openRecorder(page, `${plain.url}/demo/`);
    await submitToken(page, 'anything');
    await expect(al(page, 'message')).toContainText('ADMIN_TOKEN');
    await expect(al(page, 'token')).toBeVisible();
  } finally {
    await page.close();
    await plain.kill('SIGTERM');
  }
});

test('host page CSS cannot break the panel: the token field and buttons stay visible and usable', async ({ page }) => {
  await page.goto(run.shop);
  await sdkLoaded(page);
  await page.addStyleTag({ content: 'div, button, input { display: none !important } * { color: red !important; font-size: 2px !important }' });
  const loaded = page.waitForResponse((r) => r.url().endsWith('/recorder.js'));
  await page.evaluate(() => (location.hash = 'actionlake-recorder'));
  await loaded;
  await expect(al(page, 'token')).toBeVisible();
  expect(await al(page, 'token').evaluate((el) => getComputedStyle(el).fontSize)).not.toBe('2px');
  expect(await al(page, 'status').evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(255, 0, 0)');
  const box = await panelOf(page).boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  await unlock(page, TOKEN);
  for (const name of ['pick', 'test', 'close', 'reload']) await expect(al(page, name)).toBeVisible();
  await page.locator('.product-card .title').first().click(); // the page's buttons are hidden by its own CSS
  await expect(al(page, 'name')).toBeVisible();
  await al(page, 'name').fill('Title clicked');
  await expect(al(page, 'id')).toHaveValue('title-clicked');
  await expect(al(page, 'save')).toBeVisible();
});

test('saved actions are listed, edited (a stale list is refused until reloaded), renamed (the old id is deleted) and deleted after an in-panel confirmation', async ({ page }) => {
  await putAction(run.collector.url, 'demo', TOKEN, BUY);
  await putAction(run.collector.url, 'demo', TOKEN, { id: 'signup', name: 'Signup clicked', selector: 'form.alerts input[type=submit]' });
  await openRecorder(page, run.shop);
  await unlock(page, TOKEN);
  await expect(al(page, 'action')).toHaveCount(2);

  // a reload in the same tab does not ask for the token again
  await openRecorder(page, `${run.shop}?again`);
  await expect(al(page, 'token')).toBeHidden();
  await expect(al(page, 'action')).toHaveCount(2);

  await panelOf(page).locator('[data-al=action][data-id=product-clicked] [data-al=edit]').click();
  await expect(al(page, 'editor-title')).toHaveText('Edit “Product clicked”');
  await expect(al(page, 'selector')).toHaveValue(BUY.selector);
  await expect(al(page, 'count')).toHaveText('4 matches — Duke 200');
  await al(page, 'map-brand').click();
  await page.locator('.product-card').first().locator('.brand').click();
  await expect(al(page, 'count')).toHaveText('4 matches — Duke 200 · KTM');

  // meanwhile someone else edits the actions: this list is stale
  await putAction(run.collector.url, 'demo', TOKEN, { id: 'other', name: 'Other', selector: 'h1' });
  await al(page, 'save').click();
  await expect(al(page, 'message')).toContainText('Reload the list');
  expect((await getActions(run.collector.url, 'demo')).actions.find((a) => a.id === 'product-clicked')!.product).toEqual({ name: '.title' });
  await al(page, 'reload').click();
  await expect(al(page, 'action')).toHaveCount(3);
  await al(page, 'save').click();
  await expect(al(page, 'message')).toContainText('Saved “Product clicked”');
  expect((await getActions(run.collector.url, 'demo')).actions.find((a) => a.id === 'product-clicked')!.product).toEqual({ name: '.title', brand: '.brand' });

  // a new id is a rename: PUT the new id, then DELETE the old one with the version that PUT returned
  await panelOf(page).locator('[data-al=action][data-id=product-clicked] [data-al=edit]').click();
  await al(page, 'id').fill('product-click');
  const put = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith('/actions/product-click'));
  const del = page.waitForRequest((r) => r.method() === 'DELETE');
  await al(page, 'save').click();
  const putVersion = (await (await put).json()).version as string;
  expect((await del).url()).toMatch(/\/v1\/sites\/demo\/actions\/product-clicked$/);
  expect((await del).headers()['if-match']).toBe(`"${putVersion}"`);
  await expect(al(page, 'message')).toContainText('Renamed from “product-clicked”: the old id was deleted');
  await expect(al(page, 'action')).toHaveCount(3);
  await expect(panelOf(page).locator('[data-al=action][data-id=product-clicked]')).toHaveCount(0);
  const renamed = (await getActions(run.collector.url, 'demo')).actions;
  expect(renamed.map((a) => a.id).sort()).toEqual(['other', 'product-click', 'signup']);
  expect(renamed.find((a) => a.id === 'product-click')).toMatchObject({ name: 'Product clicked', product: { name: '.title', brand: '.brand' } });

  const signup = panelOf(page).locator('[data-al=action][data-id=signup]');
  await signup.locator('[data-al=delete]').click();
  await expect(signup).toContainText('Delete “Signup clicked”?');
  await signup.locator('[data-al=keep]').click();
  expect((await getActions(run.collector.url, 'demo')).actions).toHaveLength(3);
  await signup.locator('[data-al=delete]').click();
  await signup.locator('[data-al=confirm-delete]').click();
  await expect(al(page, 'message')).toContainText('Deleted “Signup clicked”');
  await expect(al(page, 'action')).toHaveCount(2);
  expect((await getActions(run.collector.url, 'demo')).actions.map((a) => a.id).sort()).toEqual(['other', 'product-click']);
});

test('a selector that does not parse or matches nothing cannot be saved', async ({ page }) => {
  await openRecorder(page, run.shop);
  await unlock(page, TOKEN);
  await page.locator('.product-card .buy').nth(1).click();
  await al(page, 'name').fill('Broken');
  await expect(al(page, 'save')).toBeEnabled();
  await al(page, 'selector').fill('.product-card >');
  await expect(al(page, 'problem')).toContainText('does not parse');
  await expect(al(page, 'save')).toBeDisabled();
  await al(page, 'selector').fill('.no-such-thing');
  await expect(al(page, 'problem')).toContainText('matches nothing');
  await expect(al(page, 'count')).toHaveText('0 matches');
  await expect(al(page, 'save')).toBeDisabled();
});

test('test mode shows the event the SDK would send for a click, without the click doing anything; Close restores the page, and the hash reopens it', async ({ page }, testInfo) => {
  await putAction(run.collector.url, 'demo', TOKEN, { ...BUY, product: { name: '.title', price: '.price', brand: '.brand' } });
  await openRecorder(page, run.shop);
  await unlock(page, TOKEN);
  await al(page, 'test').click();
  await expect(al(page, 'status')).toContainText('Test mode');
  await page.locator('.product-card', { hasText: 'Pulsar NS200' }).getByRole('button', { name: 'Add to cart' }).click();
  await expect(al(page, 'test-summary')).toContainText('Matches “Product clicked”');
  const event = JSON.parse((await al(page, 'event').textContent())!);
  expect(event).toMatchObject({
    action: 'Product clicked',
    action_type: 'click',
    element: { tag: 'button', text: 'Add to cart', classes: ['buy'] },
    products: [{ name: 'Pulsar NS200', price: 142000, currency: 'INR', brand: 'Bajaj' }],
  });
  await page.locator('a', { hasText: 'About' }).click();
  await expect(al(page, 'event')).toContainText('"Element clicked"');
  expect(JSON.parse((await al(page, 'event').textContent())!).element).toMatchObject({ tag: 'a', text: 'About' });
  await expect(page).toHaveURL(run.shop); // no navigation
  await panelOf(page).screenshot({ path: testInfo.outputPath('test-mode-panel.png') });
  await expect(page.locator('.cart')).toHaveText('');

  await al(page, 'close').click();
  await expect(page.locator('actionlake-recorder')).toHaveCount(0);
  expect(await page.evaluate(() => '__actionlakeRecorder' in window)).toBe(false);
  await page.locator('.product-card', { hasText: 'Pulsar NS200' }).getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.locator('.cart')).toHaveText('Pulsar NS200 added to cart');

  // the hash again on the same page: recorder.js runs again and mounts one working recorder
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.evaluate(() => (location.hash = 'actionlake-recorder'));
  await expect(al(page, 'status')).toContainText('Click the element visitors click'); // the tab's token, kept
  await expect(page).toHaveURL(run.shop);
  await expect(page.locator('actionlake-recorder')).toHaveCount(1);
  await page.locator('.product-card .buy').first().click();
  await expect(al(page, 'count')).toHaveText('4 matches');
  await expect(page.locator('.cart')).toHaveText('Pulsar NS200 added to cart'); // intercepting again: the shop's handler did not run
  await al(page, 'close').click();
  await expect(page.locator('actionlake-recorder')).toHaveCount(0);
  await page.locator('.product-card .buy').first().click();
  await expect(page.locator('.cart')).toHaveText('Duke 200 added to cart');
  expect(errors).toEqual([]);
});
