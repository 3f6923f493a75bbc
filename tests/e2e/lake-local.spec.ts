import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DuckDBInstance } from '@duckdb/node-api';
import { startCollector, tempDir, type RunningCollector } from './support/collector';
import { EVENTS_KEY, listFiles, partitionOf, readLocalRows } from './support/lake';
import { startVisitorSite, type Site } from './support/sites';
import { expectVisitRows, visitShop } from './support/visit';

// The default lake: a local folder with the same layout, read back as an analyst would (DuckDB).
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

test('a visit lands in the local-folder lake and DuckDB can query it', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await visitShop(page, shop.url);
  await page.close();
  await context.close();

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

  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const glob = path.join(lakeDir, 'events', '*', '*', '*', '*.ndjson.gz');
  const reader = await conn.runAndReadAll(
    `SELECT action, count(*)::INTEGER AS n, min(dt)::VARCHAR AS dt, min(utm.campaign) AS campaign
       FROM read_json_auto('${glob}', hive_partitioning = true, union_by_name = true)
      GROUP BY action ORDER BY action`,
  );
  const today = new Date(rows[0].row.received_at).toISOString().slice(0, 10);
  expect(reader.getRowObjects()).toEqual([
    { action: 'Element clicked', n: 3, dt: today, campaign: 'diwali_sale' },
    { action: 'Page viewed', n: 2, dt: today, campaign: 'diwali_sale' },
  ]);
  conn.closeSync();
});
