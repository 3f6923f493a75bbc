import { expect, type Page } from '@playwright/test';

export const LANDING_QUERY =
  'utm_source=facebook&utm_medium=paid_social&utm_campaign=diwali_sale&utm_content=hero&fbclid=IwAR0-test-fbclid';

/**
 * The visitor's path shared by the lake tests: land on the product page from a campaign link,
 * click one product's button, the password form's submit, then the link to the next page.
 */
export async function visitShop(page: Page, siteUrl: string): Promise<void> {
  await page.goto(`${siteUrl}/bikes?${LANDING_QUERY}`);
  await page.waitForFunction(() => typeof (window as any).actionlake?.track === 'function');
  await page.click('#buy-duke');
  await page.click('input[type=submit]');
  await Promise.all([page.waitForURL('**/next'), page.click('#next-link')]);
  await page.waitForFunction(() => typeof (window as any).actionlake?.track === 'function');
}

/** The checks a site owner would make on the rows of that visit. */
export function expectVisitRows(rows: any[], site: string): void {
  const byAction = (a: string) => rows.filter((r) => r.action === a);
  const views = byAction('Page viewed');
  const clicks = byAction('Element clicked');
  expect(views.map((r) => r.page.path).sort()).toEqual(['/bikes', '/next']);
  const button = clicks.find((r) => r.element?.tag === 'button');
  expect(button).toBeTruthy();
  expect(button.element.text).toBe('Add to cart');
  expect(button.element.id).toBe('buy-duke');
  expect(button.element.classes).toContain('buy');
  expect(button.element.selector).toBeTruthy();
  const link = clicks.find((r) => r.element?.tag === 'a');
  expect(link.element.href).toMatch(/\/next$/);
  expect(link.element.text).toBe('Next page');

  for (const r of rows) {
    expect(r.site_id).toBe(site);
    // the campaign of the landing URL stays with every event of the session
    expect(r.utm).toEqual({ source: 'facebook', medium: 'paid_social', campaign: 'diwali_sale', content: 'hero' });
    expect(r.click_ids).toEqual({ fbclid: 'IwAR0-test-fbclid' });
    expect(r.source).toBe('facebook');
    expect(r.source_type).toBe('paid');
    expect(r.visitor_type).toBe('new');
    expect(r.user_id ?? null).toBeNull();
    expect(r.device.viewport_width).toBe(1280);
    expect(r.device.language).toBeTruthy();
    expect(r.ua.raw).toContain('Chrome');
    expect(r.ua.browser.name).toMatch(/Chrom/);
    expect(r.ua.os.name).toBe('Linux');
    expect(Date.parse(r.received_at)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(Date.parse(r.occurred_at)).toBeLessThanOrEqual(Date.parse(r.received_at));
    expect(r.schema_version).toBeTruthy();
  }
  // one visitor, one session, every event stored once
  expect(new Set(rows.map((r) => r.anonymous_id)).size).toBe(1);
  expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
  // what visitors type is never captured
  const all = JSON.stringify(rows);
  expect(all).not.toContain('hunter2');
  expect(all).not.toContain('secret query');
}

/** Resolves once sdk.js has loaded and replaced the `window.actionlake` queue with its API. */
export const sdkLoaded = (page: Page) => page.waitForFunction(() => typeof (window as any).actionlake?.track === 'function');

/** Sends what the page's SDK holds now (actionlake.flush()). */
export const flushSdk = (page: Page) => page.evaluate(() => (window as any).actionlake.flush());
