import { expect, test } from '@playwright/test';
import { startCollector, tempDir, type RunningCollector } from './support/collector';
import { metricValue } from '../../packages/collector/test/support/fixtures';
import { readLocalRows } from './support/lake';
import { startForwardingProxy, startVisitorSite, type Site } from './support/sites';
import { sdkLoaded, flushSdk } from './support/visit';

// Delivery guarantees of the SDK's IndexedDB queue against the real collector.
let lakeDir: string;
let collector: RunningCollector;
const closers: Site[] = [];

test.beforeEach(async () => {
  lakeDir = tempDir('lake');
  collector = await startCollector({ LAKE_DIR: lakeDir, SPOOL_DIR: tempDir('spool') });
});

test.afterEach(async () => {
  for (const s of closers.splice(0)) await s.close();
  await collector?.kill('SIGTERM');
});

const numbered = (action: string) =>
  readLocalRows(lakeDir)
    .map((r) => r.row)
    .filter((r) => r.action === action)
    .map((r) => r.attributes.n as number)
    .sort((a, b) => a - b);

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test('offline for a while, then online: every event arrives', async ({ browser }) => {
  const shop = await startVisitorSite(collector.url, 'shop');
  closers.push(shop);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${shop.url}/bikes`);
  await sdkLoaded(page);

  await context.setOffline(true);
  for (let n = 1; n <= 12; n++) {
    await page.evaluate((i) => (window as any).actionlake.track('Offline test', { n: i }), n);
  }
  await page.click('#buy-duke');
  // long enough for several failed sends and backoff
  await page.waitForTimeout(8_000);
  expect(numbered('Offline test')).toEqual([]);

  await context.setOffline(false);
  await expect.poll(() => numbered('Offline test'), { timeout: 60_000 }).toEqual(range(12));
  await expect
    .poll(() => readLocalRows(lakeDir).filter((r) => r.row.action === 'Element clicked').length, { timeout: 30_000 })
    .toBe(1);
  await context.close();
});

test('a reload in the middle of sending: nothing lost, nothing doubled', async ({ browser }) => {
  // answers reach the page 1.5 s after the collector stored the events: the reload cuts them off
  const slow = await startForwardingProxy(collector.url, '127.0.0.1', 1_500);
  const shop = await startVisitorSite(slow.url, 'shop');
  closers.push(slow, shop);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${shop.url}/bikes`);
  await sdkLoaded(page);

  const acceptedBefore = await metricValue(collector.url, 'actionlake_events_accepted_total');
  const onTheWire = page.waitForRequest((r) => r.url().endsWith('/v1/batch') && r.method() === 'POST');
  await page.evaluate(() => {
    const al = (window as any).actionlake;
    for (let i = 1; i <= 120; i++) al.track('Reload test', { n: i });
    void al.flush();
  });
  await onTheWire;
  // the scenario: the collector has stored a batch whose answer the proxy still holds when the page reloads
  await expect.poll(() => metricValue(collector.url, 'actionlake_events_accepted_total'), { timeout: 1_200 }).toBeGreaterThan(acceptedBefore);
  await page.reload();
  await sdkLoaded(page);
  await flushSdk(page);

  await expect.poll(() => numbered('Reload test'), { timeout: 60_000 }).toEqual(range(120));
  // and the stored queue is empty: the page has nothing left to send
  await expect
    .poll(async () => (await page.evaluate(() => (window as any).actionlake._debug())).stored, { timeout: 30_000 })
    .toBe(0);
  // a final check after more flush cycles: still exactly once each
  await page.waitForTimeout(2_000);
  const rows = readLocalRows(lakeDir).map((r) => r.row);
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
  expect(numbered('Reload test')).toEqual(range(120));
  await context.close();
});
