import { expect, test } from '@playwright/test';
import { startCollector, tempDir, type RunningCollector } from './support/collector';
import { EVENTS_KEY, listFiles, partitionOf, readLocalRows } from './support/lake';
import { startVisitorSite, type Site } from './support/sites';
import { expectVisitRows, visitShop } from './support/visit';

// The default lake: a local folder with the same layout as S3.
let lakeDir: string;
let collector: RunningCollector;
let shop: Site;

test.beforeAll(async () => {
  lakeDir = tempDir('lake');
  collector = await startCollector({ LAKE_DIR: lakeDir, SPOOL_DIR: tempDir('spool'), COLLECTOR_ID: 'c-local' });
  shop = await startVisitorSite(collector.url, 'shop');
});

test.afterAll(async () => {
  await shop?.close();
  await collector?.kill('SIGTERM');
});

test('a visit lands in the local-folder lake', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await visitShop(page, shop.url);
  await page.close(); // pagehide: whatever is left goes by sendBeacon (the browser stays open)

  let rows: { key: string; row: any }[] = [];
  await expect
    .poll(() => {
      rows = readLocalRows(lakeDir);
      return rows.map((r) => r.row.action).sort();
    }, { timeout: 45_000 })
    .toEqual(['Element clicked', 'Element clicked', 'Element clicked', 'Page viewed', 'Page viewed']);

  for (const { key, row } of rows) {
    expect(key).toMatch(EVENTS_KEY);
    expect(key.startsWith(partitionOf(row))).toBe(true);
    // no proxy: the socket address is loopback, anonymized to its /24, and has no geo
    expect(row.ip).toBe('127.0.0.0');
    expect(row.geo?.country ?? null).toBeNull();
  }
  expectVisitRows(rows.map((r) => r.row), 'shop');
  // objects are written whole: no temp files are left beside them
  expect(listFiles(lakeDir).every((f) => f.endsWith('.ndjson.gz'))).toBe(true);
  await context.close();
});
