import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { startCollector, tempDir, type RunningCollector } from './support/collector';
import { readLocalRows } from './support/lake';
import { freePort } from './support/ports';
import { sitePool } from './support/sites';
import { al, clickText, getActions, openRecorder, unlock } from './support/recorder';
import { flushSdk, sdkLoaded } from './support/visit';

// The failure classes seen on real pages (issue 9), each as a small page modelled on the failure,
// in real Chromium against the real collector: the marketer's flow in the recorder, and where it
// matters, a visitor's click on ANOTHER item and the row it leaves in the lake.
const TOKEN = 'pages-editor-token';

const CSS = `body { font: 16px/1.4 sans-serif; margin: 20px; } .grid { display: flex; gap: 16px; flex-wrap: wrap; max-width: 860px; }
.grid > * { width: 180px; padding: 10px; border: 1px solid #ccc; } button, .btn { display: inline-block; padding: 4px 8px; }`;

/** Fixture pages by path; each is served with an sdk.js tag for the site of the same name. */
const PAGES: Record<string, string> = {
  // Start Bootstrap's sale card: the new price is bare text beside a line-through span
  struck: `<div class="grid">
  ${card('Lamp', '<span class="old" style="text-decoration: line-through">$20.00</span> $18.00')}
  ${card('Chair', '$40.00')}
  ${card('Table', '<del>$50.00</del> $25.00')}</div>`,
  // WooCommerce: <del> old amount, <ins> new one; a card without a sale has one amount
  woo: `<ul class="grid">
  <li class="product"><h2 class="title">Mug</h2><span class="price"><del><span class="amount">$20</span></del> <ins><span class="amount">$18</span></ins></span><a class="button add">Add to cart</a></li>
  <li class="product"><h2 class="title">Cup</h2><span class="price"><span class="amount">$40</span></span><a class="button add">Add to cart</a></li>
  <li class="product"><h2 class="title">Jar</h2><span class="price"><del><span class="amount">$9</span></del> <ins><span class="amount">$7</span></ins></span><a class="button add">Add to cart</a></li></ul>`,
  // the name disappears under the pointer and "+ Add To Cart" shows in its place
  hover: `<style>.tile { position: relative; } .tile .add { display: none; position: absolute; left: 0; top: 0; width: 100%; height: 60px; background: #222; color: #fff; }
  .tile:hover .add { display: block; } .tile:hover .name { visibility: hidden; } .tile .name { height: 60px; margin: 0; }</style>
  <div class="grid">${['Lamp', 'Chair', 'Table'].map((n, i) => `<div class="tile"><h3 class="name">${n}</h3><button class="add">+ Add To Cart</button><p class="cost">$${i + 1}0.00</p><a class="btn view">View</a></div>`).join('')}</div>`,
  // a featured plan with extra classes, a badge, and a differently styled button
  featured: `<div class="grid">
  <div class="plan"><h3>Basic</h3><p class="amount">$10</p><a class="btn btn-outline">Choose</a></div>
  <div class="plan plan--featured highlight"><span class="badge">Popular</span><h3>Pro</h3><p class="amount">$30</p><a class="btn btn-primary btn-lg">Choose</a></div>
  <div class="plan"><h3>Team</h3><p class="amount">$60</p><a class="btn btn-outline">Choose</a></div>
  <div class="plan"><h3>Max</h3><p class="amount">$90</p><a class="btn btn-outline">Choose</a></div></div>`,
  // one product with its button in a wrapper of its own: no repeated item around it
  single: `<style>.product-detail { padding: 16px; border: 1px solid #ccc; width: 400px; }</style><section class="product-detail"><h1 class="title">Desk Lamp</h1><p class="price">$30.00</p>
  <div class="actions"><button class="buy">Add to cart</button></div></section>`,
  // Bootstrap grid: the card sits alone in a layout column
  columns: `<div class="row">${['Lamp', 'Chair', 'Table'].map((n, i) => `<div class="col-lg-4 col-md-6 mb-4"><div class="product-card"><h4 class="product-name">${n}</h4><div class="product-price">$${i + 1}5.00</div><button class="btn add">Add to cart</button></div></div>`).join('')}</div>`,
  // a newsletter modal over the page, closed by the page's own script
  popup: `<div class="grid">${card('Lamp', '$18.00')}${card('Chair', '$40.00')}</div>
  <div id="modal" style="position: fixed; inset: 0; background: rgba(0,0,0,.6)"><div style="background: #fff; width: 300px; margin: 80px auto; padding: 20px">
  <p>Join our newsletter</p><button id="no-thanks">No thanks</button></div></div>
  <script>document.getElementById('no-thanks').addEventListener('click', () => document.getElementById('modal').remove());</script>`,
  // every card has a "New" tag; only one has a sale badge
  fields: `<div class="grid">${['Lamp', 'Chair', 'Table', 'Shelf'].map((n, i) => `<div class="item"><span class="tag">New</span>${i === 2 ? '<span class="sale">Sale</span>' : ''}<h3 class="name">${n}</h3><p class="cost">$${i + 1}0.00</p><button class="add">Add to cart</button></div>`).join('')}</div>`,
};

/** Real pages of tests/e2e/corpus/ served here too (their own markup and CSS), by path. */
const CORPUS: Record<string, string> = {
  // Colorlib "Male Fashion": hovering a card hides its name under "+ Add To Cart" (issue 23 item 5)
  'male-fashion': 'colorlib-male-fashion',
};

function card(name: string, price: string): string {
  return `<div class="card"><h5 class="fw-bolder">${name}</h5><div class="text-center">${price}</div><a class="btn btn-outline-dark">Add to cart</a></div>`;
}

const pool = sitePool();
let collector: RunningCollector;
let lakeDir: string;
let origin: string;

test.beforeAll(async () => {
  const port = await freePort();
  const served: Record<string, string> = {};
  for (const [name, body] of Object.entries(PAGES)) {
    served[`/${name}`] = `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title><style>${CSS}</style>
<script async src="http://127.0.0.1:${port}/sdk.js" data-site="p-${name}"></script></head><body>${body}</body></html>`;
  }
  for (const [name, dir] of Object.entries(CORPUS)) {
    const html = fs.readFileSync(path.resolve(__dirname, 'corpus', dir, 'index.html'), 'utf8');
    served[`/${name}`] = html.replace(/<\/head>/i, `<script async src="http://127.0.0.1:${port}/sdk.js" data-site="p-${name}"></script></head>`);
  }
  origin = await pool.serve(served);
  lakeDir = tempDir('lake');
  collector = await startCollector({ PORT: String(port), LAKE_DIR: lakeDir, SPOOL_DIR: tempDir('spool'), ADMIN_TOKEN: TOKEN, ALLOWED_ORIGINS: origin });
});

test.afterAll(async () => {
  await pool.closeAll();
  await collector?.kill('SIGTERM');
});

/** Opens the fixture with the recorder, unlocked, in a fresh context (closed with the test). */
async function recorderOn(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await openRecorder(page, `${origin}/${name}`);
  await unlock(page, TOKEN);
  return page;
}

/** Arms `key` and clicks `text` in `scope`; the field's shown value is returned. */
async function mapByText(page: Page, key: string, scope: string, text: string): Promise<string> {
  await al(page, `map-${key}`).click();
  await expect(al(page, 'status')).toContainText(`Click the ${key}`);
  await clickText(page, page.locator(scope), text);
  const value = al(page, `field-${key}`).locator('[data-al=value]');
  await expect(value).not.toHaveText('');
  return (await value.textContent()) || '';
}

async function save(page: Page, name: string): Promise<void> {
  await al(page, 'save').click();
  await expect(al(page, 'message')).toContainText(`Saved “${name}”`);
}

/** A fresh visitor clicks `text` inside `scope` (or as `click` does it); the click row that lands in the lake. */
async function visitorRow(browser: Browser, name: string, scope: string, text: string, click?: (visitor: Page) => Promise<void>): Promise<any> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const visitor = await context.newPage();
    const fetched = visitor.waitForResponse((r) => r.url().includes(`/v1/sites/p-${name}/actions`));
    await visitor.goto(`${origin}/${name}`);
    expect((await fetched).status()).toBe(200);
    await sdkLoaded(visitor);
    if (click) await click(visitor);
    else await clickText(visitor, visitor.locator(scope), text);
    await flushSdk(visitor);
  } finally {
    await context.close();
  }
  const rows = () => readLocalRows(lakeDir).map((r) => r.row as any).filter((r) => r.site_id === `p-${name}` && r.action_type === 'click');
  await expect.poll(() => rows().length, { timeout: 20_000 }).toBeGreaterThan(0);
  return rows()[0];
}

test('a price as bare text beside a struck-through one: the clicked text is the field, a click on the old price moves to the new one; another card lands with its own price', async ({ browser }) => {
  const page = await recorderOn(browser, 'struck');
  await clickText(page, page.locator('.card').first(), 'Add to cart');
  await expect(al(page, 'count')).toHaveText(/^3 matches/);
  await al(page, 'name').fill('Add to cart');
  expect(await mapByText(page, 'name', '.card >> nth=0', 'Lamp')).toBe('= Lamp');
  // the marketer clicks the struck-through old price: the field moves to the price visitors pay
  expect(await mapByText(page, 'price', '.card >> nth=0', '$20.00')).toBe('= $18.00');
  await expect(al(page, 'field-price').locator('input')).toHaveValue(/::text$/);
  expect(await mapByText(page, 'price', '.card >> nth=0', '$18.00')).toBe('= $18.00');
  await expect(al(page, 'matches').locator('li')).toHaveText(['Lamp · 18 USD', 'Chair · 40 USD', 'Table · 25 USD']);
  await save(page, 'Add to cart');
  const row = await visitorRow(browser, 'struck', '.card >> nth=2', 'Add to cart');
  expect(row.products).toEqual([{ name: 'Table', price: 25, currency: 'USD' }]);
  await page.context().close();
});

test('WooCommerce <del>/<ins> prices: the new amount is read on sale cards and the only amount elsewhere', async ({ browser }) => {
  const page = await recorderOn(browser, 'woo');
  await clickText(page, page.locator('li.product').first(), 'Add to cart');
  await expect(al(page, 'count')).toHaveText(/^3 matches/);
  expect(await mapByText(page, 'price', 'li.product >> nth=0', '$18')).toBe('= $18');
  await expect(al(page, 'matches').locator('li')).toHaveText(['18 USD', '40 USD', '7 USD']);
  await page.context().close();
});

test('content swapped on hover: Alt+arrows (or the panel arrows) move the mapped field to the element meant, and the panel shows what is picked', async ({ browser }) => {
  const page = await recorderOn(browser, 'hover');
  const tile = page.locator('.tile').first();
  await tile.locator('.view').click();
  await expect(al(page, 'count')).toHaveText(/^3 matches/);
  // where the name is, the hovered card shows "+ Add To Cart": the click lands on that button
  const at = (await tile.locator('.name').boundingBox())!;
  await al(page, 'map-name').click();
  await page.mouse.click(at.x + 20, at.y + 20);
  await expect(al(page, 'field-name').locator('[data-al=value]')).toHaveText('= + Add To Cart');
  await expect(al(page, 'picked')).toContainText('name: button.add “+ Add To Cart”');
  // the field reads the clicked button's own text: the nearest element whose text differs per item is offered
  await expect(al(page, 'field-name').locator('[data-al=suggest]')).toHaveText('Use ‘Lamp’ (h3) instead?');
  await page.keyboard.press('Alt+ArrowLeft'); // or by hand: the previous sibling, the name
  await expect(al(page, 'field-name').locator('[data-al=value]')).toHaveText('= Lamp');
  await expect(al(page, 'picked')).toContainText('name: h3.name “Lamp”');
  await expect(al(page, 'field-name').locator('[data-al=suggest]')).toBeHidden();
  await al(page, 'step-next').click();
  await al(page, 'step-prev').click();
  await expect(al(page, 'matches').locator('li')).toHaveText(['Lamp', 'Chair', 'Table']);
  await page.context().close();
});

test('items that differ: the featured card (extra classes, other button) is found with the others; with no repeated item the marketer picks the container', async ({ browser }) => {
  const page = await recorderOn(browser, 'featured');
  await clickText(page, page.locator('.plan').nth(1), 'Choose');
  await expect(al(page, 'count')).toHaveText(/^4 matches/);
  await expect(al(page, 'container')).toHaveValue('.plan');
  await page.context().close();

  const single = await recorderOn(browser, 'single');
  await single.locator('button.buy').click();
  await al(single, 'name').fill('Add to cart');
  await al(single, 'map-name').click();
  await single.locator('h1.title').click();
  await expect(al(single, 'message')).toContainText('outside the container');
  await al(single, 'pick-container').click();
  await expect(al(single, 'status')).toContainText('Click the element that holds the picked one');
  await single.locator('.product-detail').click({ position: { x: 5, y: 5 } });
  await expect(al(single, 'container')).toHaveValue(/product-detail/);
  expect(await mapByText(single, 'name', '.product-detail', 'Desk Lamp')).toBe('= Desk Lamp');
  expect(await mapByText(single, 'price', '.product-detail', '$30.00')).toBe('= $30.00');
  await save(single, 'Add to cart');
  const row = await visitorRow(browser, 'single', '.product-detail', 'Add to cart');
  expect(row.products).toEqual([{ name: 'Desk Lamp', price: 30, currency: 'USD' }]);
  await single.context().close();
});

test('a card alone in a layout column (.col-lg-4 > .product-card): the container is the card\'s own class', async ({ browser }) => {
  const page = await recorderOn(browser, 'columns');
  await page.locator('.product-card').nth(1).locator('button').click();
  await expect(al(page, 'count')).toHaveText(/^3 matches/);
  await expect(al(page, 'container')).toHaveValue('.product-card');
  await expect(al(page, 'selector')).not.toHaveValue(/col-/);
  await page.context().close();
});

test('a popup over the page: "Use page" lets the page work (its own script closes the popup) without closing the recorder, then picking goes on', async ({ browser }) => {
  const page = await recorderOn(browser, 'popup');
  await al(page, 'use-page').click();
  await expect(al(page, 'use-page')).toHaveClass(/on/);
  await page.locator('#no-thanks').click();
  await expect(page.locator('#modal')).toHaveCount(0);
  await expect(al(page, 'editor')).toBeHidden(); // nothing was picked meanwhile
  await al(page, 'use-page').click();
  await expect(al(page, 'status')).toContainText('Click the element visitors click');
  await clickText(page, page.locator('.card').first(), 'Add to cart');
  await expect(al(page, 'count')).toHaveText(/^2 matches/);
  await page.context().close();
});

test('the preview shows the picked item\'s values; Save names a field empty in most matches or the same in all, and saves on the second press', async ({ browser }) => {
  const page = await recorderOn(browser, 'fields');
  const third = '.item >> nth=2';
  await clickText(page, page.locator('.item').nth(2), 'Add to cart');
  await al(page, 'name').fill('Add to cart');
  await mapByText(page, 'name', third, 'Table');
  await expect(al(page, 'count')).toHaveText('4 matches — Table');
  await mapByText(page, 'category', third, 'New');
  await mapByText(page, 'variant', third, 'Sale');
  await expect(al(page, 'count')).toHaveText('4 matches — Table · New · Sale');
  await expect(al(page, 'field-warnings')).toContainText('The category field reads “New” in all 4 matches');
  await expect(al(page, 'field-warnings')).toContainText('The variant field reads nothing in 3 of 4 matches');
  await al(page, 'save').click();
  await expect(al(page, 'message')).toContainText('The category field');
  await expect(al(page, 'save')).toHaveText('Save anyway');
  expect((await getActions(collector.url, 'p-fields')).actions).toEqual([]);
  await al(page, 'save').click();
  await expect(al(page, 'message')).toContainText('Saved “Add to cart”');
  await page.context().close();
});

/**
 * Hovers `card` (its hover styles apply), then clicks its "+ Add To Cart" once the swap has settled
 * (the template moves it into place in 0.3 s), as a person who sees it would.
 */
async function addToCart(card: Locator): Promise<void> {
  await card.hover();
  const button = card.locator('a.add-cart');
  await expect.poll(() => button.evaluate((a) => getComputedStyle(a).opacity + ' ' + getComputedStyle(a).top)).toBe('1 22px');
  await button.click();
}

test('a real template\'s hover swap (Colorlib Male Fashion, 12 cards): the name field that read “+ Add To Cart” in every card is offered the card\'s own name in one click; a visitor\'s click on another card lands with that card\'s name and price', async ({ browser }) => {
  const page = await recorderOn(browser, 'male-fashion');
  const card = page.locator('.product__item').nth(2);
  await addToCart(card);
  await expect(al(page, 'count')).toHaveText(/^12 matches/);
  await al(page, 'name').fill('Add to cart');
  // the marketer points at the name: the hovered card shows "+ Add To Cart" there, and the click hits it
  const at = (await card.locator('h6').boundingBox())!;
  const x = at.x + Math.min(40, at.width / 2);
  const y = at.y + at.height / 2;
  await al(page, 'map-name').click();
  await page.mouse.move(x, y);
  await expect.poll(() => page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.className, [x, y])).toBe('add-cart');
  await page.mouse.click(x, y);
  const field = al(page, 'field-name');
  await expect(field.locator('[data-al=value]')).toHaveText('= + Add To Cart');
  await expect(al(page, 'field-warnings')).toContainText('The name field reads “+ Add To Cart” in all 12 matches');
  const offer = field.locator('[data-al=suggest]');
  await expect(offer).toHaveText('Use ‘Diagonal Textured Cap’ (h6) instead?');
  await offer.click();
  await expect(field.locator('[data-al=value]')).toHaveText('= Diagonal Textured Cap');
  await expect(field.locator('[data-al=suggest]')).toBeHidden();
  await expect(al(page, 'field-warnings')).toBeHidden();
  await expect(al(page, 'picked')).toContainText('name: h6 “Diagonal Textured Cap”');
  expect(await mapByText(page, 'price', '.product__item >> nth=2', '$60.9')).toBe('= $60.9');
  await expect(al(page, 'matches').locator('li').nth(4)).toHaveText('T-shirt Contrast Pocket · 49.66 USD');
  await save(page, 'Add to cart'); // nothing looks wrong now: saved at the first press
  const row = await visitorRow(browser, 'male-fashion', '', '', (visitor) => addToCart(visitor.locator('.product__item').nth(4)));
  expect(row.action).toBe('Add to cart');
  expect(row.products).toEqual([{ name: 'T-shirt Contrast Pocket', price: 49.66, currency: 'USD' }]);
  await page.context().close();
});
