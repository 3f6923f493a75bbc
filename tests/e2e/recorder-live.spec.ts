import { expect, test } from '@playwright/test';
import { al, openRecorder, putAction, unlock } from './support/recorder';
import { localLakeSuite } from './support/suite';

// The recorder's Live tab: the marketer uses the page as a visitor would and sees each event as
// the collector takes it (GET /v1/sites/:site/live), with the product values read from the page.
const TOKEN = 'e2e-editor-token';
const suite = localLakeSuite({ ADMIN_TOKEN: TOKEN });

test('a marketer opens the Live tab, clicks "Add to cart" on the page and sees the row with its product values', async ({ page }) => {
  await putAction(suite.collector.url, 'demo', TOKEN, {
    id: 'product-clicked', name: 'Product clicked', selector: '.product-card button.buy', container: '.product-card',
    product: { name: '.title', price: '.price', id: '@data-sku' },
  });
  const shop = `${suite.collector.url}/demo/`;
  await openRecorder(page, shop);
  await unlock(page, TOKEN);
  await al(page, 'live').click();
  await expect(al(page, 'live-state')).toContainText('Connected');
  await expect(al(page, 'status')).toContainText('Live');

  // the page works normally in the Live tab: this click reaches sdk.js
  await page.locator('.product-card[data-sku=re-classic-350] button.buy').click();
  const row = al(page, 'live-row').filter({ hasText: 'Product clicked' }).first();
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row).toContainText('(product-clicked)');
  await expect(row.locator('[data-al=live-product]')).toContainText('name: Classic 350');
  await expect(row.locator('[data-al=live-product]')).toContainText('price: 193080, currency: INR');
  await expect(row.locator('[data-al=live-product]')).toContainText('id: re-classic-350');

  // every visitor's events (not only this browser's): a rejected one, sent by someone else, shows its reason
  await al(page, 'live-mine').uncheck();
  await expect(al(page, 'live-state')).toContainText('every visitor');
  await fetch(`${suite.collector.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [{ site_id: 'demo', action: 'Broken' }] }) });
  await expect(al(page, 'live-reason').first()).toContainText('event_id');

  // leaving the tab: clicks are the recorder's again (pick mode)
  await al(page, 'live').click();
  await expect(al(page, 'status')).toContainText('Click the element visitors click');
});
