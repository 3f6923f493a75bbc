import { expect, test, type Browser } from '@playwright/test';
import { pageWithSdk } from './support/sites';
import { flushSdk, sdkLoaded } from './support/visit';
import { localLakeSuite } from './support/suite';

// The collector's `bot` verdict on rows made by real pages (contract §8): rows are kept, classified.
const suite = localLakeSuite();
const { serve, rowsOf } = suite;

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GPTBOT = 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)';

async function visit(browser: Browser, site: string, userAgent?: string): Promise<any[]> {
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  const page = await context.newPage();
  await page.goto(await serve({ '*': pageWithSdk(suite.collector.url, '<button id="b">Buy</button>', { site }) }));
  await sdkLoaded(page);
  await page.click('#b');
  await flushSdk(page);
  await context.close();
  await expect.poll(() => rowsOf(site).length, { timeout: 30_000 }).toBe(2);
  return rowsOf(site);
}

test('a browser driven by automation with an ordinary user agent is told by navigator.webdriver', async ({ browser }) => {
  const rows = await visit(browser, 'bots-webdriver', CHROME);
  for (const r of rows) expect(r.bot).toEqual({ is_bot: true, class: 'automation', reasons: ['page:webdriver'] });
});

test('headless Chromium: automation by its user agent and by the page signals', async ({ browser }) => {
  const rows = await visit(browser, 'bots-headless');
  for (const r of rows) expect(r.bot).toEqual({ is_bot: true, class: 'automation', reasons: ['ua:HeadlessChrome', 'page:webdriver', 'page:headless'] });
});

test('a GPTBot request lands as an ai_agent, kept in the lake', async ({ browser }) => {
  const rows = await visit(browser, 'bots-gptbot', GPTBOT);
  expect(rows.map((r) => r.action).sort()).toEqual(['Element clicked', 'Page viewed']);
  for (const r of rows) {
    expect(r.bot.is_bot).toBe(true);
    expect(r.bot.class).toBe('ai_agent');
    expect(r.bot.reasons[0]).toBe('ua:GPTBot');
  }
});
