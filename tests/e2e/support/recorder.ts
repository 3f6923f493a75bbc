import { expect, type Locator, type Page } from '@playwright/test';
import type { ActionDefinition, ActionSet } from '@actionlake/schema';

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

/** Enters the editor token and waits until the recorder is in pick mode. */
export async function unlock(page: Page, token: string): Promise<void> {
  await al(page, 'token').fill(token);
  await al(page, 'token-submit').click();
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
