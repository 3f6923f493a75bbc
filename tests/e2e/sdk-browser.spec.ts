import { expect, test } from '@playwright/test';
import { metricValue } from '../../packages/collector/test/support/fixtures';
import { freePort } from './support/ports';
import { pageWithSdk, startForwardingProxy } from './support/sites';
import { flushSdk, sdkLoaded } from './support/visit';
import { localLakeSuite } from './support/suite';

// The script tag's options and the SDK's behaviour in a real page, one site id per test.
const suite = localLakeSuite();
const { serve, rowsOf } = suite;

const duplicates = () => metricValue(suite.collector.url, 'actionlake_events_duplicate_total');

test('page views on load and on pushState, replaceState and popstate, not on in-page anchors', async ({ page }) => {
  const url = await serve({ '*': pageWithSdk(suite.collector.url, '<h1>App</h1>', { site: 'spa' }) });
  await page.goto(`${url}/spa/1`);
  await sdkLoaded(page);
  await page.evaluate(() => history.pushState({}, '', '/spa/2'));
  await page.evaluate(() => history.replaceState({}, '', '/spa/3'));
  await page.evaluate(() => history.back()); // popstate back to /spa/1
  await expect(page).toHaveURL(/\/spa\/1$/);
  await page.evaluate(() => (location.hash = '#reviews'));
  await flushSdk(page);
  await expect
    .poll(() => rowsOf('spa').filter((r) => r.action === 'Page viewed').sort((a, b) => a.triggered_at.localeCompare(b.triggered_at)).map((r) => r.page.path), { timeout: 30_000 })
    .toEqual(['/spa/1', '/spa/2', '/spa/3', '/spa/1']);
  const second = rowsOf('spa').find((r) => r.page.path === '/spa/2');
  expect(second.page.referrer).toMatch(/\/spa\/1$/);
});

test('calls queued before the script loads are replayed, and push works after load', async ({ page }) => {
  const head = `<script>window.actionlake = window.actionlake || []; actionlake.push(['track', 'Signed up', { plan: 'pro' }]);
actionlake.push(['identify', 'user-42', { tier: 'gold' }]);</script>`;
  const url = await serve({ '*': pageWithSdk(suite.collector.url, '<h1>Hi</h1>', { site: 'queued', head }) });
  await page.goto(url);
  await sdkLoaded(page);
  await page.evaluate(() => (window as any).actionlake.push(['track', 'After load', { n: 1 }]));
  await flushSdk(page);
  await expect.poll(() => rowsOf('queued').map((r) => r.action).sort(), { timeout: 30_000 }).toEqual(['After load', 'Identified', 'Page viewed', 'Signed up']);
  const rows = rowsOf('queued');
  expect(rows.find((r) => r.action === 'Signed up').attributes).toEqual({ plan: 'pro' });
  const identified = rows.find((r) => r.action === 'Identified');
  expect(identified.action_type).toBe('identify');
  expect(identified.traits).toEqual({ tier: 'gold' });
  expect(rows.find((r) => r.action === 'After load').user_id).toBe('user-42');
});

test('data-consent="pending": nothing leaves the page and nothing is stored until granted', async ({ page }) => {
  const url = await serve({ '*': pageWithSdk(suite.collector.url, '<button id="b">Buy</button>', { site: 'consent', attrs: 'data-consent="pending"' }) });
  const sent: string[] = [];
  page.on('request', (r) => r.url().includes('/v1/batch') && sent.push(r.url()));
  await page.goto(url);
  await sdkLoaded(page);
  await page.click('#b');
  await page.evaluate(() => (window as any).actionlake.track('Waiting', { n: 1 }));
  await page.waitForTimeout(6_000); // longer than the SDK's 5 s flush interval
  expect(sent).toEqual([]);
  expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(0);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  const dbs = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(dbs).not.toContain('actionlake');

  await page.evaluate(() => (window as any).actionlake.consent('granted'));
  await flushSdk(page);
  await expect.poll(() => rowsOf('consent').map((r) => r.action).sort(), { timeout: 30_000 }).toEqual(['Consent changed', 'Element clicked', 'Page viewed', 'Waiting']);
  expect(await page.evaluate(() => Object.keys(localStorage))).toContain('actionlake');
});

test('data-autocapture="off": clicks are not captured, tracked events still are', async ({ page }) => {
  const url = await serve({ '*': pageWithSdk(suite.collector.url, '<button id="b">Buy</button>', { site: 'noauto', attrs: 'data-autocapture="off"' }) });
  await page.goto(url);
  await sdkLoaded(page);
  await page.click('#b');
  await page.evaluate(() => (window as any).actionlake.track('Bought'));
  await flushSdk(page);
  await expect.poll(() => rowsOf('noauto').map((r) => r.action).sort(), { timeout: 30_000 }).toEqual(['Bought', 'Page viewed']);
});

test('a collector that cannot be reached never throws into the host page', async ({ page }) => {
  const dead = `http://127.0.0.1:${await freePort()}`;
  const url = await serve({ '*': pageWithSdk(suite.collector.url, '<button id="b">Buy</button>', { site: 'dead', attrs: `data-collector="${dead}"` }) });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await sdkLoaded(page);
  await page.click('#b');
  const results = await page.evaluate(async () => {
    const al = (window as any).actionlake;
    al.track('x', { a: 1 });
    al.track(undefined as any);
    al.identify(null as any);
    al.consent('maybe' as any);
    await al.flush();
    return (await al._debug()).stored;
  });
  expect(results).toBeGreaterThanOrEqual(3); // kept for later: page view, click, track
  expect(errors).toEqual([]);
});

test('without IndexedDB (blocked or private mode) events are kept in memory and still arrive', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get() { throw new Error('blocked'); } }));
  const url = await serve({ '*': pageWithSdk(suite.collector.url, '<button id="b">Buy</button>', { site: 'noidb' }) });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await sdkLoaded(page);
  await page.click('#b');
  await flushSdk(page);
  await expect.poll(() => rowsOf('noidb').map((r) => r.action).sort(), { timeout: 30_000 }).toEqual(['Element clicked', 'Page viewed']);
  expect(await page.evaluate(() => (window as any).actionlake._debug())).toMatchObject({ storage: 'memory', stored: 0 });
  expect(errors).toEqual([]);
});

test('several open tabs do not send the same events twice', async ({ browser }) => {
  // a slow collector (answers held 700 ms) so that the tabs' sends would overlap without the lock
  const slow = suite.keep(await startForwardingProxy(suite.collector.url, '127.0.0.1', 700));
  const url = await serve({ '*': pageWithSdk(slow.url, '<h1>Tabs</h1>', { site: 'tabs' }) });
  const before = await duplicates();
  const context = await browser.newContext();
  const tabs = await Promise.all([context.newPage(), context.newPage(), context.newPage()]);
  for (const [i, tab] of tabs.entries()) {
    await tab.goto(`${url}/tab${i}`);
    await sdkLoaded(tab);
  }
  for (let round = 0; round < 3; round++) {
    await Promise.all(
      tabs.map((tab, i) =>
        tab.evaluate(([t, r]) => { for (let k = 0; k < 20; k++) (window as any).actionlake.track('Tab event', { n: t * 1000 + r * 100 + k }); }, [i, round]),
      ),
    );
    // every tab sees every tab's events in the shared IndexedDB queue, and all flush at one instant
    const at = Date.now() + 300;
    await Promise.all(tabs.map((tab) => tab.evaluate((t) => new Promise((r) => setTimeout(() => (window as any).actionlake.flush().then(r), t - Date.now())), at)));
  }
  await expect.poll(() => rowsOf('tabs').filter((r) => r.action === 'Tab event').length, { timeout: 45_000 }).toBe(180);
  await sleep(3_000);
  const rows = rowsOf('tabs');
  expect(rows.filter((r) => r.action === 'Tab event').length).toBe(180);
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
  // nothing reached the collector twice
  expect(await duplicates()).toBe(before);
  await context.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
