import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { pageWithSdk } from './support/sites';
import { localLakeSuite } from './support/suite';
import { sdkLoaded } from './support/visit';

// A visitor whose queue the previous sdk.js stored (its own IndexedDB code) comes back to a site
// now serving the current sdk.js (idb-keyval, issue 23 item 12): the stored events are read and
// sent, each once. The previous build is kept in tests/e2e/fixtures (see its README).
const suite = localLakeSuite();
const OLD_SDK = fs.readFileSync(path.join(__dirname, 'fixtures/sdk-before-idb-keyval.js'), 'utf8');

test("the previous sdk.js's stored queue is read and sent by the current one, each event once", async ({ browser }) => {
  const old = `<!doctype html><html><head><title>Old</title><script async src="/old-sdk.js" data-site="upgrade" data-collector="${suite.collector.url}"></script></head>
<body><button id="buy">Add to cart</button></body></html>`;
  const url = await suite.serve({ '/old': old, '/old-sdk.js': OLD_SDK, '*': pageWithSdk(suite.collector.url, '<h1>New</h1>', { site: 'upgrade' }) });
  const context = await browser.newContext();
  // the previous sdk.js stores a visit while offline: nothing leaves, nothing is handed over at close
  const before = await context.newPage();
  await before.goto(`${url}/old`);
  await sdkLoaded(before);
  await context.setOffline(true);
  for (let i = 0; i < 5; i++) await before.click('#buy');
  await before.evaluate(() => (window as any).actionlake.track('Old queue', { plan: 'pro' }));
  // 5 clicks and the custom event (the page view too, unless it left before the network went)
  await expect.poll(() => before.evaluate(() => (window as any).actionlake._debug().then((d: any) => d.stored)), { timeout: 10_000 }).toBeGreaterThanOrEqual(6);
  const stored: string[] = await before.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('actionlake');
    open.onsuccess = () => {
      const all = open.result.transaction('events').objectStore('events').getAll();
      all.onsuccess = () => resolve(all.result.filter((v: any) => v && v.event).map((v: any) => v.event.event_id));
    };
  }));
  await before.close();
  await context.setOffline(false);
  expect(suite.rowsOf('upgrade').filter((r) => stored.includes(r.event_id))).toEqual([]);

  // the current sdk.js, next visit
  const after = await context.newPage();
  await after.goto(`${url}/new`);
  await sdkLoaded(after);
  await expect.poll(() => suite.rowsOf('upgrade').filter((r) => stored.includes(r.event_id)).length, { timeout: 30_000 }).toBe(stored.length);
  await expect.poll(() => after.evaluate(() => (window as any).actionlake._debug().then((d: any) => d.stored)), { timeout: 10_000 }).toBe(0);
  await after.waitForTimeout(2_000); // nothing sent twice meanwhile
  const rows = suite.rowsOf('upgrade');
  expect(rows.filter((r) => r.page?.path === '/old').map((r) => r.action).sort()).toEqual(['Element clicked', 'Element clicked', 'Element clicked', 'Element clicked', 'Element clicked', 'Old queue', 'Page viewed']);
  expect(rows.find((r) => r.action === 'Old queue').attributes).toEqual({ plan: 'pro' });
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
  await context.close();
});
