/**
 * `actionlake serve` in real Chromium over a lake of known journeys (the analyst's demo lake,
 * packages/analyst/test/support/dashboard.ts; the built CLI as its own process): the login, every
 * view drawn without a console error, the figures on the page equal to the SQL answers, the date
 * range and the site picker changing them, the phone layout without horizontal scrolling, unsafe
 * segment predicates refused. A screenshot of each view is written to the test's output; Overview
 * and Channels also to docs/ for the README with UPDATE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Shop, TOKEN as COLLECTOR_TOKEN } from '../../packages/analyst/test/support/journeys';
import { DASHBOARD_TOKEN, demoLake, serve, type Served } from '../../packages/analyst/test/support/dashboard';

test.describe.configure({ mode: 'serial' });
test.use({ locale: 'en-US', timezoneId: 'UTC', viewport: { width: 1280, height: 800 } });

let shop: Shop;
let dash: Served;
const errors: string[] = [];
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const TODAY = daysAgo(0);
const FROM = daysAgo(13);
const DOCS = path.resolve(__dirname, '../../docs');

test.beforeAll(async () => {
  test.setTimeout(180_000);
  shop = await demoLake();
  dash = await serve(shop.lakeDir, { ACTIONLAKE_TMP_DIR: shop.root, ACTIONLAKE_SERVE_QUERY_MS: '2000' });
});

test.afterAll(async () => {
  await dash?.stop();
  shop?.remove();
});

/** Console errors and uncaught exceptions of the page, gathered for the last test to check. */
function watch(page: Page): void {
  page.on('console', (m) => {
    // what Chromium logs by itself for the answers these tests ask for: the wrong token's 401, a refused predicate's 422
    if (m.type() === 'error' && !/Failed to load resource: .* status of (401|422)\b/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
}

async function signIn(page: Page, token = DASHBOARD_TOKEN): Promise<void> {
  await page.getByLabel('Editor token').fill(token);
  await page.getByRole('button', { name: 'Open the dashboard' }).click();
}

async function open(page: Page, view: string, q: Record<string, string> = {}): Promise<void> {
  await page.goto(new URL(`/${view}?${new URLSearchParams({ site: 'shop', from: FROM, to: TODAY, ...q })}`, dash.url).href);
  if (await page.locator('main[data-view="login"]').isVisible()) await signIn(page);
  await expect(page.locator(`main[data-view="${view}"]`)).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

const kpi = (page: Page, metric: string) => page.locator(`.kpi[data-metric="${metric}"] .value`);
const number = (text: string | null) => Number(String(text).replace(/[^0-9.-]/g, ''));

async function overviewSql(site: string, from: string, to: string) {
  const [r] = await shop.query(`
    SELECT (SELECT count(DISTINCT person_id) FROM sessions WHERE site_id = '${site}' AND started_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::INTEGER AS visitors,
           (SELECT count(*) FROM sessions WHERE site_id = '${site}' AND started_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::INTEGER AS sessions,
           (SELECT count(*) FROM conversions WHERE site_id = '${site}' AND occurred_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::INTEGER AS conversions,
           (SELECT round(coalesce(sum(value), 0), 2) FROM conversions WHERE site_id = '${site}' AND currency = 'EUR' AND occurred_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::DOUBLE AS revenue`);
  return r as { visitors: number; sessions: number; conversions: number; revenue: number };
}

async function expectOverview(page: Page, site: string, from: string, to: string): Promise<void> {
  const want = await overviewSql(site, from, to);
  for (const m of ['visitors', 'sessions', 'conversions', 'revenue'] as const) {
    await expect.poll(async () => number(await kpi(page, m).textContent()), { message: `${site} ${from}..${to} ${m}` }).toBeCloseTo(want[m], 2);
  }
}

test('a wrong token shows the login again; the editor token opens the Overview', async ({ page }) => {
  watch(page);
  await page.goto(dash.url);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await signIn(page, 'not-the-token');
  await expect(page.getByRole('alert')).toContainText('not the editor token');
  await expect(page.getByLabel('Editor token')).toBeVisible();
  await signIn(page);
  await expect(page.locator('main[data-view="overview"]')).toBeVisible();
  await expect(page).toHaveURL(/\/overview\?site=blog|\/overview\?site=shop/);
});

test('Overview: the figures equal the SQL answers; the dates and the site picker change them, and the URL keeps them', async ({ page }) => {
  watch(page);
  await open(page, 'overview');
  await expectOverview(page, 'shop', FROM, TODAY);
  await expect(page.locator('canvas[role="img"][aria-label*="per day"]')).toBeVisible();
  await expect(page.locator('canvas[role="img"][aria-label*="by channel"]')).toBeVisible();
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: path.join(DOCS, 'dashboard-overview.png'), fullPage: true });

  const from = daysAgo(4);
  await page.locator('#from').fill(from);
  await page.locator('#from').dispatchEvent('change');
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await expectOverview(page, 'shop', from, TODAY);

  await page.locator('#site').selectOption('blog');
  await expect(page).toHaveURL(/site=blog/);
  const blog = new URL(page.url()).searchParams;
  await expectOverview(page, 'blog', blog.get('from')!, blog.get('to')!);
  await page.locator('.kpi[data-metric="conversions"]').click();
  await expect(page.getByText('No conversions in this range.')).toBeVisible();

  // the link is the state: a new tab on the same URL (signed in there: the token is per tab) shows the same figures
  const again = await page.context().newPage();
  watch(again);
  await again.goto(page.url());
  await signIn(again);
  await expect(again).toHaveURL(page.url());
  await expectOverview(again, 'blog', blog.get('from')!, blog.get('to')!);
});

test('Channels: the five models side by side, equal to channel_daily', async ({ page }) => {
  watch(page);
  await open(page, 'channels', { from: daysAgo(19) });
  const credit = page.locator('table', { has: page.locator('caption', { hasText: 'Credit by model' }) });
  await expect(credit.locator('th', { hasText: 'Time decay' })).toBeVisible();
  const rows = await shop.query(`SELECT channel, round(sum(first_revenue), 2)::DOUBLE AS first, round(sum(time_decay_revenue), 2)::DOUBLE AS td
    FROM channel_daily WHERE site_id = 'shop' AND dt BETWEEN DATE '${daysAgo(19)}' AND DATE '${TODAY}' GROUP BY 1 HAVING sum(conversions) > 0 OR sum(first_conversions) > 0`);
  expect(rows.length).toBeGreaterThan(1);
  for (const r of rows) {
    const cells = credit.locator('tbody tr', { has: page.locator('th, td', { hasText: new RegExp(`^${r.channel}$`) }) }).locator('td');
    await expect.poll(async () => number(await cells.nth(0).textContent()), { message: `${r.channel} first` }).toBeCloseTo(r.first, 1);
    await expect.poll(async () => number(await cells.nth(4).textContent()), { message: `${r.channel} time decay` }).toBeCloseTo(r.td, 1);
  }
  await expect(page.locator('canvas[role="img"][aria-label*="five models"]')).toBeVisible();
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: path.join(DOCS, 'dashboard-channels.png'), fullPage: true });
});

test('the keyboard alone reaches the controls and the tabs', async ({ page }) => {
  watch(page);
  await open(page, 'overview');
  await page.locator('a.skip').focus(); // the page's first stop, as after opening it
  const focused = () => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.id || document.activeElement?.textContent?.trim()}`);
  const reached: string[] = [];
  for (let i = 0; i < 20 && !reached.includes('A Channels'); i++) {
    await page.keyboard.press('Tab');
    reached.push(await focused());
  }
  expect(reached).toEqual(expect.arrayContaining(['SELECT site', 'SELECT preset', 'INPUT from', 'INPUT compare', 'A Channels']));
  await page.keyboard.press('Enter');
  await expect(page.locator('main[data-view="channels"]')).toBeVisible();
});

test('Segments: the count equals SQL; unsafe predicates are refused and write nothing', async ({ page }) => {
  watch(page);
  await open(page, 'segments', { from: daysAgo(19), where: 'revenue > 70' });
  const [{ n }] = await shop.query(`SELECT count(*)::INTEGER AS n FROM profiles WHERE site_id = 'shop' AND revenue > 70
    AND person_id IN (SELECT person_id FROM sessions WHERE started_at::DATE BETWEEN DATE '${daysAgo(19)}' AND DATE '${TODAY}')`);
  await expect(page.locator('[data-count]')).toHaveAttribute('data-count', String(n));
  const outside = path.join(os.tmpdir(), `actionlake-dashboard-e2e-${process.pid}.csv`);
  for (const where of [`true) TO '${outside}' (FORMAT csv); SELECT (1`, `person_id IN (SELECT column0 FROM read_csv('/etc/passwd'))`, `true); ATTACH '${outside}' AS x; SELECT (1`]) {
    await open(page, 'segments', { where });
    await expect(page.getByRole('alert').first()).toBeVisible();
    expect(fs.existsSync(outside)).toBe(false);
  }
});

test('every view draws without a console error, and on a phone without horizontal scrolling', async ({ page }, testInfo) => {
  watch(page);
  const person = (await shop.query(`SELECT id FROM identity_map WHERE id = 'user-0'`))[0].id as string;
  const views: [string, Record<string, string>][] = [
    ['overview', {}],
    ['channels', { by: 'campaign' }],
    ['funnel', { from: daysAgo(19), step: 'action:Product viewed' }],
    ['products', { from: daysAgo(19) }],
    ['person', { from: daysAgo(30), id: person }],
    ['segments', { from: daysAgo(19), where: 'revenue > 0' }],
    ['live', {}],
  ];
  for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    for (const [view, q] of views) {
      const query = new URLSearchParams({ site: 'shop', from: FROM, to: TODAY, ...q });
      if (view === 'funnel') query.append('step', 'action:Order completed');
      await page.goto(new URL(`/${view}?${query}`, dash.url).href);
      if (await page.locator('main[data-view="login"]').isVisible()) await signIn(page);
      await expect(page.locator(`main[data-view="${view}"]`)).toBeVisible();
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await expect(page.locator('main .error')).toHaveCount(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect([view, size.width, overflow]).toEqual([view, size.width, 0]);
      for (const canvas of await page.locator('canvas').all()) {
        await expect(canvas).toHaveAttribute('role', 'img');
        await expect(canvas).toHaveAttribute('aria-label', /\S/);
      }
      await page.screenshot({ path: testInfo.outputPath(`${view}-${size.width}.png`), fullPage: true });
    }
  }
  expect(errors).toEqual([]);
});

test('Live: the collector\'s events appear as they arrive (COLLECTOR_URL)', async ({ page }) => {
  watch(page);
  const collector = await Shop.open(); // a real collector on a real port, its own lake
  const live = await serve(shop.lakeDir, { ACTIONLAKE_TMP_DIR: shop.root, COLLECTOR_URL: collector.url, COLLECTOR_TOKEN });
  try {
    await page.goto(new URL(`/live?site=shop&from=${FROM}&to=${TODAY}`, live.url).href);
    await signIn(page);
    await expect(page.getByRole('status')).toContainText('Connected');
    await expect.poll(async () => {
      await collector.send({ anon: 'live-visitor', session: 'live-1', at: 0, path: '/live-check', action: 'Live check' });
      return page.locator('li[data-status="accepted"]', { hasText: 'Live check' }).count();
    }, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect(page.locator('li[data-status="accepted"]', { hasText: 'Live check' }).first()).toContainText('/live-check');
    await expect(page.locator('canvas[role="img"][aria-label*="per minute"]')).toBeVisible();
  } finally {
    await page.goto('about:blank'); // the page leaves the stream before the server goes
    await live.stop();
    await collector.close();
    collector.remove();
  }
  expect(errors).toEqual([]);
});
