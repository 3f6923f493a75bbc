import { expect, test } from '@playwright/test';
import { startCollector, tempDir, type RunningCollector } from './support/collector';
import { EVENTS_KEY, partitionOf } from './support/lake';
import { listKeys, readObjectRows, startS3, type RunningS3 } from './support/s3';
import { startForwardingProxy, startVisitorSite, type Site } from './support/sites';
import { expectVisitRows, visitShop } from './support/visit';

// A visitor on a shop served from another origin; the collector behind a proxy that sets
// X-Forwarded-For; the lake is a real S3-protocol server (s3rver) written by the real AWS SDK.
let s3: RunningS3;
let collector: RunningCollector;
let proxy: Site;
let shop: Site;

test.beforeAll(async () => {
  s3 = await startS3();
  collector = await startCollector({ ...s3.collectorEnv, TRUST_PROXY: '1', SPOOL_DIR: tempDir('spool'), COLLECTOR_ID: 'c-s3' });
  proxy = await startForwardingProxy(collector.url, '81.2.69.142');
  shop = await startVisitorSite(proxy.url, 'shop');
});

test.afterAll(async () => {
  await shop?.close();
  await proxy?.close();
  await collector?.kill('SIGTERM');
  await s3?.stop();
});

test('a visit lands in the S3 bucket under the contract keys, enriched', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await visitShop(page, shop.url);
  // pagehide: whatever is left goes by sendBeacon. The browser stays open, as a visitor's does when
  // they close a tab: closing the whole context at once may cancel a beacon still in flight.
  await page.close();

  let rows: any[] = [];
  let keys: string[] = [];
  await expect
    .poll(
      async () => {
        keys = await listKeys(s3, 'events/');
        rows = [];
        for (const key of keys) for (const row of await readObjectRows(s3, key)) rows.push({ ...row, _key: key });
        return rows.map((r) => r.action).sort();
      },
      { timeout: 45_000 },
    )
    .toEqual(['Element clicked', 'Element clicked', 'Element clicked', 'Page viewed', 'Page viewed']);

  for (const key of keys) {
    const m = EVENTS_KEY.exec(key);
    expect(m, key).not.toBeNull();
    expect(m![1]).toBe('shop');
    expect(m![4]).toBe('c-s3');
  }
  for (const r of rows) {
    expect(r._key.startsWith(partitionOf(r))).toBe(true);
    expect(r.collector_id).toBe('c-s3');
    // geo comes from the X-Forwarded-For address; the stored IP is anonymized after the lookup
    expect(r.geo.country).toBe('GB');
    expect(r.geo.timezone).toBe('Europe/London');
    expect(typeof r.geo.latitude).toBe('number');
    expect(r.ip).toBe('81.2.69.0');
    delete r._key;
  }
  expectVisitRows(rows, 'shop');
  // the submit input was captured without its value
  const submit = rows.find((r) => r.element?.tag === 'input');
  expect(submit).toBeTruthy();
  expect(await listKeys(s3, 'bad/')).toEqual([]);
  await context.close();
});
