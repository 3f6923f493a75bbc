import { expect, test, type Browser, type Page } from '@playwright/test';
import { collectorPerTest } from './support/suite';
import { readLocalRows } from './support/lake';
import { al, mapFields, openRecorder, panelOf, putAction, unlock } from './support/recorder';
import { flushSdk, sdkLoaded } from './support/visit';

// The recorder tried as a newcomer would (issue 23 item 9), in real Chromium on the demo shop against
// the real collector: the marketer's own tab after Save and after a reload, the Live tab narrowed to
// this browser, the marketer's own clicks marked as theirs, and the panel read at first sight.
// Each test gets its own collector and lake.
const TOKEN = 'newcomer-editor-token';
const run = collectorPerTest({ ADMIN_TOKEN: TOKEN });

const BUY = { id: 'product-clicked', name: 'Product clicked', selector: '.product-card button.buy', container: '.product-card', product: { name: '.title', price: '.price' } };

/** The demo's rows in the lake once `ready` holds for them. */
async function rowsWhen(ready: (rows: any[]) => boolean): Promise<any[]> {
  const rows = () => readLocalRows(run.lakeDir).map((r) => r.row as any).filter((r) => r.site_id === 'demo');
  await expect.poll(() => ready(rows()), { timeout: 30_000 }).toBe(true);
  return rows();
}

const buyOn = (page: Page, card: string) => page.locator('.product-card', { hasText: card }).locator('button.buy');

async function marketerPage(browser: Browser, width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  return context.newPage();
}

test('after Save, the same tab\'s click on another card is the new action at once: Live shows it so, and its row is marked as the marketer\'s', async ({ browser }) => {
  const page = await marketerPage(browser);
  await openRecorder(page, run.shop);
  await unlock(page, TOKEN);
  const card = page.locator('.product-card').first();
  await card.locator('button.buy').click();
  await al(page, 'name').fill('Product clicked');
  await mapFields(page, card, [['name', '.title', 'Duke 200']]);
  await al(page, 'save').click();
  await expect(al(page, 'message')).toContainText('Saved “Product clicked”');

  // the marketer's first check: the Live tab, a click on another card (the page works normally there)
  await al(page, 'live').click();
  await expect(al(page, 'live-state')).toContainText('Connected');
  await buyOn(page, 'Classic 350').click();
  await expect(page.locator('.cart')).toHaveText('Classic 350 added to cart');
  const row = al(page, 'live-row').filter({ hasText: 'Product clicked' }).first();
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row.locator('[data-al=live-product]')).toContainText('name: Classic 350');
  await expect(al(page, 'live-row').filter({ hasText: 'Element clicked' })).toHaveCount(0);

  const rows = await rowsWhen((r) => r.some((x) => x.action_type === 'click'));
  const clicks = rows.filter((r) => r.action_type === 'click');
  expect(clicks.map((r) => r.action)).toEqual(['Product clicked']);
  expect(clicks[0].products).toEqual([{ name: 'Classic 350' }]);
  // a test, not a customer: every row of the tab while the recorder was open is marked, so no model counts it
  for (const r of rows) expect(r.bot).toMatchObject({ is_bot: true, reasons: expect.arrayContaining(['page:recorder']) });
  await page.context().close();
});

test('a reload keeps the recorder open (and unlocked) in that tab until the marketer closes it; after Close the tab is a visitor\'s again', async ({ browser }) => {
  const page = await marketerPage(browser);
  await openRecorder(page, run.shop);
  await unlock(page, TOKEN);
  const again = page.waitForResponse((r) => r.url().endsWith('/recorder.js'), { timeout: 15_000 });
  await page.reload();
  expect((await again).status()).toBe(200);
  await expect(al(page, 'status')).toContainText('Click the element visitors click'); // unlocked with the tab's token
  await expect(page).toHaveURL(run.shop);
  // another page of the site in the same tab: the recorder comes along
  await page.goto(`${run.collector.url}/demo/about.html`);
  await expect(panelOf(page)).toBeVisible();

  await al(page, 'close').click();
  await expect(panelOf(page)).toHaveCount(0);
  let loads = 0;
  page.on('request', (r) => r.url().endsWith('/recorder.js') && loads++);
  await page.goto(run.shop);
  await sdkLoaded(page);
  await buyOn(page, 'Duke 200').click();
  await expect(page.locator('.cart')).toHaveText('Duke 200 added to cart');
  await flushSdk(page);
  const rows = await rowsWhen((r) => r.some((x) => x.action_type === 'click'));
  expect(loads).toBe(0);
  await expect(panelOf(page)).toHaveCount(0);
  const click = rows.find((r) => r.action_type === 'click');
  expect(click.bot.reasons).not.toContain('page:recorder'); // after Close: not marked
  await page.context().close();
});

test('Live shows this browser\'s events only, unless the marketer asks for every visitor\'s', async ({ browser }) => {
  const page = await marketerPage(browser);
  await openRecorder(page, run.shop);
  await unlock(page, TOKEN);
  // a visitor in another browser acts first
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(run.shop);
  await sdkLoaded(visitor);
  await visitor.evaluate(() => (window as any).actionlake.track('Visitor signed up'));
  await flushSdk(visitor);
  await rowsWhen((r) => r.some((x) => x.action === 'Visitor signed up'));

  await al(page, 'live').click();
  await expect(al(page, 'live-mine')).toBeChecked();
  await expect(al(page, 'live-state')).toContainText('Connected');
  await page.evaluate(() => (window as any).actionlake.track('Marketer test'));
  await expect(al(page, 'live-row').filter({ hasText: 'Marketer test' })).toHaveCount(1, { timeout: 15_000 });
  await expect(al(page, 'live-row').filter({ hasText: 'Visitor signed up' })).toHaveCount(0);

  await al(page, 'live-mine').uncheck();
  await expect(al(page, 'live-row').filter({ hasText: 'Visitor signed up' })).toHaveCount(1, { timeout: 15_000 });
  await visitorContext.close();
  await page.context().close();
});

test('the panel reads at first sight: its title is whole at every width, and "Name the action" is not an error before anything was typed', async ({ browser }) => {
  for (const width of [1280, 800, 390]) {
    const page = await marketerPage(browser, width);
    await openRecorder(page, run.shop);
    const title = panelOf(page).locator('.title');
    await expect(title).toHaveText('ActionLake demo');
    expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().width > 60), `title at ${width}px`).toBe(true);
    if (width === 1280) {
      await unlock(page, TOKEN);
      await page.locator('.product-card button.buy').first().click();
      await expect(al(page, 'editor')).toBeVisible();
      await expect(al(page, 'problem')).toBeHidden();
      await expect(al(page, 'save')).toBeDisabled();
      await al(page, 'name').fill('Product clicked');
      await al(page, 'name').fill('');
      await expect(al(page, 'problem')).toContainText('Name the action');
    }
    await page.context().close();
  }
});

test('test mode shows the event readably: the action, then each product\'s name, price and currency in view; the JSON one click away', async ({ browser }) => {
  await putAction(run.collector.url, 'demo', TOKEN, BUY);
  const page = await marketerPage(browser);
  await openRecorder(page, run.shop);
  await unlock(page, TOKEN);
  await al(page, 'test').click();
  await buyOn(page, 'Classic 350').click();
  await expect(al(page, 'test-action')).toHaveText('Product clicked');
  const product = al(page, 'test-product').first();
  await expect(product).toContainText('Classic 350');
  await expect(product).toContainText('193080 INR');
  await expect(product).toBeInViewport({ ratio: 1 });
  await expect(al(page, 'event')).toBeHidden();
  await al(page, 'event-json').locator('summary').click();
  await expect(al(page, 'event')).toContainText('"action": "Product clicked"');
  // a click no action matches: autocapture's event, said so
  await page.locator('h1').click();
  await expect(al(page, 'test-summary')).toContainText('nothing');
  await page.context().close();
});
