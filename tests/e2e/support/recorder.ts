import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import type { ActionDefinition, ActionSet } from '@actionlake/schema';
import { readLocalRows } from './lake';
import { flushSdk, sdkLoaded } from './visit';

const SHOP_DIR = path.resolve(__dirname, '../../../examples/shop');
const DOCS_SCREENSHOT = path.resolve(__dirname, '../../../docs/recorder.png');

/** The recorder's panel; Playwright's CSS locators pierce its open shadow root. */
export const panelOf = (page: Page): Locator => page.locator('actionlake-recorder [data-al=panel]');
export const al = (page: Page, name: string): Locator => panelOf(page).locator(`[data-al="${name}"]`);

/** Opens `url` with #actionlake-recorder and waits for recorder.js and its panel. */
export async function openRecorder(page: Page, url: string): Promise<void> {
  const loaded = page.waitForResponse((r) => r.url().endsWith('/recorder.js'));
  await page.goto(url + '#actionlake-recorder');
  expect((await loaded).status()).toBe(200);
  await expect(panelOf(page)).toBeVisible();
}

/** Types the editor token and presses Unlock. */
export async function submitToken(page: Page, token: string): Promise<void> {
  await al(page, 'token').fill(token);
  await al(page, 'token-submit').click();
}

/** Enters the editor token and waits until the recorder is in pick mode. */
export async function unlock(page: Page, token: string): Promise<void> {
  await submitToken(page, token);
  await expect(al(page, 'status')).toContainText('Click the element visitors click');
}

export async function getActions(collector: string, site: string): Promise<ActionSet> {
  const res = await fetch(`${collector}/v1/sites/${site}/actions`, { cache: 'no-store' });
  expect(res.status).toBe(200);
  return (await res.json()) as ActionSet;
}

/** Saves a definition the way another editor would (PUT with the token). */
export async function putAction(collector: string, site: string, token: string, def: ActionDefinition): Promise<void> {
  const res = await fetch(`${collector}/v1/sites/${site}/actions/${def.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(def),
  });
  expect([200, 201]).toContain(res.status);
}

/**
 * The demo shop's product fields as a marketer maps them on the first card (Duke 200): the
 * element clicked inside the card (null: the card itself, in its padding) and the value shown.
 * A click on the card itself maps its data-sku (`@data-sku`).
 */
export const SHOP_FIELDS: [key: string, target: string | null, value: string][] = [
  ['name', '.title', 'Duke 200'],
  ['price', '.price', '₹78,990'],
  ['brand', '.brand', 'KTM'],
  ['id', null, 'ktm-duke-200'],
];

/** Maps each field: press its button, click its element in `card`, see the value read. */
export async function mapFields(page: Page, card: Locator, fields = SHOP_FIELDS): Promise<void> {
  for (const [key, target, value] of fields) {
    await al(page, `map-${key}`).click();
    await expect(al(page, 'status')).toContainText(`Click the ${key}`);
    if (target) await card.locator(target).click();
    else await card.click({ position: { x: 6, y: 6 } }); // the card's padding: the container itself
    await expect(al(page, `field-${key}`).locator('[data-al=value]')).toHaveText(`= ${value}`);
  }
}

/**
 * The demo shop's page for another origin than the collector's (as real sites are): its sdk.js tag
 * points at the collector's absolute URL (data-site="demo" kept), its stylesheet is inlined (the
 * page server only serves HTML; the missing bike.svg is cosmetic).
 */
export function demoShopHtml(collector: string): string {
  const html = fs.readFileSync(path.join(SHOP_DIR, 'index.html'), 'utf8');
  const css = fs.readFileSync(path.join(SHOP_DIR, 'style.css'), 'utf8');
  const out = html.replace('src="/sdk.js"', `src="${collector}/sdk.js"`).replace('<link rel="stylesheet" href="style.css">', `<style>${css}</style>`);
  expect(out).toContain(`src="${collector}/sdk.js" data-site="demo"`);
  expect(out).toContain('<style>');
  return out;
}

/**
 * A fresh visitor (new browser context: no hash, no recorder, no token) opens `url`, which fetches
 * the saved actions, and clicks "Add to cart" on the card named `card`; the events are flushed.
 */
export async function visitorAddsToCart(browser: Browser, url: string, card: string): Promise<void> {
  const context = await browser.newContext();
  try {
    const visitor = await context.newPage();
    const fetched = visitor.waitForResponse(/\/v1\/sites\/demo\/actions/);
    await visitor.goto(url);
    expect((await fetched).status()).toBe(200);
    await sdkLoaded(visitor);
    await visitor.locator('.product-card', { hasText: card }).getByRole('button', { name: 'Add to cart' }).click();
    await expect(visitor.locator('.cart')).toHaveText(`${card} added to cart`);
    await flushSdk(visitor);
  } finally {
    await context.close();
  }
}

/** The click rows of the local lake, once at least one has landed. */
export async function clickRows(lakeDir: string): Promise<Record<string, any>[]> {
  const clicks = () => readLocalRows(lakeDir).map((r) => r.row as Record<string, any>).filter((r) => r.action_type === 'click');
  await expect.poll(() => clicks().length, { timeout: 30_000 }).toBeGreaterThan(0);
  return clicks();
}

/** What the panel says when fetch fails: the collector is down, or CORS refused this origin. */
export const notReached = (collector: string): string =>
  `Could not reach the collector at ${collector}, or it does not allow this site's origin (ALLOWED_ORIGINS).`;

/** The page and the panel as test artifacts; the page also as the README's picture with UPDATE_SCREENSHOTS=1. */
export async function screenshots(page: Page, testInfo: TestInfo): Promise<void> {
  const shot = await page.screenshot();
  await testInfo.attach('recorder', { body: shot, contentType: 'image/png' });
  await panelOf(page).screenshot({ path: testInfo.outputPath('recorder-panel.png') });
  if (process.env.UPDATE_SCREENSHOTS === '1') fs.writeFileSync(DOCS_SCREENSHOT, shot);
}

/**
 * Clicks the middle of `text` as the marketer sees it inside `scope`: the text node holding it,
 * not the element around it (a bare-text price beside a struck-through one has no element of its own).
 */
export async function clickText(page: Page, scope: Locator, text: string): Promise<void> {
  const at = await scope.first().evaluate((root, want) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
      const i = n.data.indexOf(want);
      if (i < 0 || !n.parentElement) continue;
      n.parentElement.scrollIntoView({ block: 'center' });
      const r = document.createRange();
      r.setStart(n, i);
      r.setEnd(n, i + want.length);
      const b = r.getBoundingClientRect();
      if (b.width > 0) return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
    }
    return null;
  }, text);
  expect(at, `the text "${text}" is on the page`).toBeTruthy();
  await page.mouse.click(at!.x, at!.y);
}
