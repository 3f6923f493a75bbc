import { expect, test } from '@playwright/test';
import { startCollector, tempDir, type RunningCollector } from './support/collector';
import { readLocalRows } from './support/lake';
import { sdkLoaded } from './support/visit';

// What `npm start` gives a new user: the demo shop under /demo/, served beside the collector.
let lakeDir: string;
let collector: RunningCollector;

test.beforeAll(async () => {
  lakeDir = tempDir('lake');
  collector = await startCollector({ LAKE_DIR: lakeDir, SPOOL_DIR: tempDir('spool') });
});
test.afterAll(async () => collector?.kill('SIGTERM'));

test('the demo shop: clicks and a custom event land in the local lake', async ({ page }) => {
  await page.goto(`${collector.url}/`);
  await expect(page).toHaveURL(/\/demo\/$/);
  await page.click('a.campaign-link');
  await sdkLoaded(page);
  await page.locator('.product-card', { hasText: 'Classic 350' }).getByRole('button', { name: 'Add to cart' }).click();
  await expect(page.locator('.cart')).toHaveText('Classic 350 added to cart');
  await page.fill('input[name=email]', 'visitor@example.com');
  await page.fill('input[name=password]', 'not-for-the-lake');
  await page.click('form.alerts input[type=submit]');
  // the journey of the README's "For analysts": sign in, then order what is in the cart
  await page.fill('form.login input[name=user]', 'ann@example.com');
  await page.click('form.login input[type=submit]');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.locator('.cart')).toHaveText('Order placed: 1 item(s), ₹1,93,080');

  await expect
    .poll(() => readLocalRows(lakeDir).map((r) => r.row.action).sort(), { timeout: 45_000 })
    .toEqual(['Element clicked', 'Element clicked', 'Element clicked', 'Element clicked', 'Element clicked', 'Identified', 'Order completed', 'Page viewed', 'Page viewed', 'Signed up for alerts']);
  const rows = readLocalRows(lakeDir).map((r) => r.row);
  expect(rows.every((r) => r.site_id === 'demo')).toBe(true);
  const signup = rows.find((r) => r.action === 'Signed up for alerts');
  expect(signup.action_type).toBe('custom');
  expect(signup.attributes).toEqual({ plan: 'alerts' });
  expect(signup.utm.campaign).toBe('diwali_sale');
  expect(signup.source_type).toBe('email');
  const order = rows.find((r) => r.action === 'Order completed');
  expect(order).toMatchObject({ user_id: 'ann@example.com', attributes: { revenue: 193080, currency: 'INR', items: 1 } });
  const all = JSON.stringify(rows);
  expect(all).not.toContain('visitor@example.com');
  expect(all).not.toContain('not-for-the-lake');

  // the submit buttons carry their label, and a selector that finds that button and nothing else
  const submits = rows.filter((r) => r.action === 'Element clicked' && r.element.tag === 'input');
  expect(submits.map((r) => r.element.text).sort()).toEqual(['Sign in', 'Subscribe']);
  for (const r of submits) {
    const found = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => (e as HTMLInputElement).value), r.element.selector);
    expect(found).toEqual([r.element.text]);
  }
});
