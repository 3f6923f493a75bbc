import { expect, test, type Page } from '@playwright/test';
import { pageWithSdk } from './support/sites';
import { flushSdk, sdkLoaded } from './support/visit';
import { localLakeSuite } from './support/suite';

// Consent remembered per site, denial, Global Privacy Control (contract §8), one site id per test.
const suite = localLakeSuite();
const { serve, rowsOf } = suite;

const pages = (site: string, attrs = '') => ({
  '/next': pageWithSdk(suite.collector.url, '<h1>Next</h1><button id="b">Buy</button>', { site, attrs, title: 'Next' }),
  '*': pageWithSdk(suite.collector.url, '<h1>Home</h1><a id="next" href="/next">Next</a>', { site, attrs }),
});
const al = (page: Page, fn: string, ...args: unknown[]) =>
  page.evaluate(([f, a]) => (window as any).actionlake[f as string](...(a as unknown[])), [fn, args] as const);
const batchRequests = (page: Page) => {
  const sent: string[] = [];
  page.on('request', (r) => r.url().includes('/v1/batch') && sent.push(r.postData() ?? ''));
  return sent;
};
const sorted = (rows: any[]) => rows.sort((a, b) => a.triggered_at.localeCompare(b.triggered_at));

test('data-consent="pending" → granted → remembered on the next page; each event says what it was recorded under', async ({ page }) => {
  const url = await serve(pages('p-remember', 'data-consent="pending"'));
  await page.goto(url);
  await sdkLoaded(page);
  await al(page, 'track', 'Before answer');
  await al(page, 'consent', 'granted');
  await flushSdk(page);
  await Promise.all([page.waitForURL('**/next'), page.click('#next')]);
  await sdkLoaded(page); // no consent() call on this page: the stored answer holds
  await page.click('#b');
  await flushSdk(page);
  await expect.poll(() => rowsOf('p-remember').length, { timeout: 30_000 }).toBe(6);
  const rows = sorted(rowsOf('p-remember'));
  expect(rows.map((r) => [r.action, r.page.path, r.consent.state, r.consent.source])).toEqual([
    ['Page viewed', '/', 'pending', 'default'],
    ['Before answer', '/', 'pending', 'default'],
    ['Consent changed', '/', 'granted', 'site'],
    ['Element clicked', '/', 'granted', 'site'],
    ['Page viewed', '/next', 'granted', 'site'],
    ['Element clicked', '/next', 'granted', 'site'],
  ]);
  expect(rows[2].action_type).toBe('consent');
  expect(new Set(rows.map((r) => r.anonymous_id)).size).toBe(1);
  expect(rows.every((r) => r.consent.gpc === false)).toBe(true);
  expect(await page.evaluate(() => localStorage.getItem('actionlake_consent_p-remember'))).toBe('granted');
});

test('consent("denied") with events queued: none of them reaches the lake, identifiers are gone, and the answer holds on the next page', async ({ page }) => {
  const url = await serve(pages('p-deny'));
  await page.goto(url);
  await sdkLoaded(page);
  await flushSdk(page);
  await expect.poll(() => rowsOf('p-deny').length, { timeout: 30_000 }).toBe(1); // the page view, before any answer
  const visitor = rowsOf('p-deny')[0].anonymous_id;
  // recorded and queued, then denied in the same task: no send can start in between
  await page.evaluate(() => {
    const al = (window as any).actionlake;
    al.track('Queued 1');
    al.identify('user-9', { plan: 'pro' });
    al.track('Queued 2');
    al.consent('denied');
  });
  expect(await page.evaluate(() => localStorage.getItem('actionlake'))).toBeNull();
  await flushSdk(page);
  await Promise.all([page.waitForURL('**/next'), page.click('#next')]); // pagehide: the beacon path too
  await sdkLoaded(page);
  await page.click('#b');
  await al(page, 'track', 'After denial');
  await flushSdk(page);
  await expect.poll(() => rowsOf('p-deny').length, { timeout: 30_000 }).toBe(2);
  await page.waitForTimeout(3_000); // the SDK's flush interval and the collector's (0.5 s) have passed
  const rows = sorted(rowsOf('p-deny'));
  expect(rows.map((r) => [r.action, r.consent.state])).toEqual([
    ['Page viewed', 'granted'],
    ['Consent changed', 'denied'],
  ]);
  // the denial itself is recorded under a one-off visitor: nothing links it to the person
  expect(rows[1].anonymous_id).not.toBe(visitor);
  expect(rows[1].user_id ?? null).toBeNull();
  expect(JSON.stringify(rows)).not.toContain('user-9');
  expect(await page.evaluate(() => localStorage.getItem('actionlake'))).toBeNull();
  expect(await page.evaluate(() => localStorage.getItem('actionlake_consent_p-deny'))).toBe('denied');
  expect(await page.evaluate(() => (window as any).actionlake._debug())).toMatchObject({ stored: 0 });
});

test('Global Privacy Control: nothing is sent until the site calls consent("granted"), then events carry source "site" and gpc true', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
  const url = await serve(pages('p-gpc'));
  const sent = batchRequests(page);
  await page.goto(url);
  await sdkLoaded(page);
  await al(page, 'track', 'Not sent');
  await flushSdk(page);
  await page.waitForTimeout(2_000); // past the SDK's first-send delay (1 s)
  expect(sent).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('actionlake'))).toBeNull();

  await al(page, 'consent', 'granted');
  await al(page, 'track', 'After opt-in');
  await flushSdk(page);
  await expect.poll(() => rowsOf('p-gpc').length, { timeout: 30_000 }).toBe(2);
  const rows = sorted(rowsOf('p-gpc'));
  expect(rows.map((r) => [r.action, r.consent])).toEqual([
    ['Consent changed', { state: 'granted', gpc: true, source: 'site' }],
    ['After opt-in', { state: 'granted', gpc: true, source: 'site' }],
  ]);
});

test('data-gpc="ignore": a browser sending GPC is tracked as by default, and the row says so', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true }));
  const url = await serve(pages('p-gpc-ignore', 'data-gpc="ignore"'));
  await page.goto(url);
  await sdkLoaded(page);
  await flushSdk(page);
  await expect.poll(() => rowsOf('p-gpc-ignore').map((r) => r.consent), { timeout: 30_000 }).toEqual([{ state: 'granted', gpc: true, source: 'default' }]);
});
