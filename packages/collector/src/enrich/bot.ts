/**
 * Bot classification (contract §8): every row gets `bot: {is_bot, class, reasons}`; rows are never
 * dropped for it. The user agent is checked against three short lists kept here (AI agents,
 * uptime monitors, automation tools), then against `isbot`'s maintained list of crawlers; the page's
 * own signals (`bot_signals`, e.g. `navigator.webdriver`) add automation. A new UA string costs
 * about 150 µs (isbot's pattern), so the verdict is cached per UA string (bounded LRU, UA_CACHE_SIZE)
 * and computed once per batch.
 */
import type { BotClass, BotInfo } from '@actionlake/schema';
import { isbotMatch } from 'isbot';
import { Lru } from './lru';

/** AI crawlers, assistants fetching for a user, and AI training crawlers (vendor-documented tokens). */
export const AI_AGENT_TOKENS = [
  'GPTBot', 'ChatGPT-User', 'OAI-SearchBot', 'ClaudeBot', 'Claude-User', 'Claude-SearchBot', 'Claude-Web',
  'anthropic-ai', 'PerplexityBot', 'Perplexity-User', 'Google-Extended', 'Google-CloudVertexBot',
  'CCBot', 'Bytespider', 'Amazonbot', 'Applebot-Extended', 'meta-externalagent', 'meta-externalfetcher',
  'FacebookBot', 'cohere-ai', 'cohere-training-data-crawler', 'Diffbot', 'YouBot', 'MistralAI-User',
  'DuckAssistBot', 'AI2Bot', 'Ai2Bot-Dolma', 'Timpibot', 'ImagesiftBot', 'Kangaroo Bot',
  'PanguBot', 'Webzio-Extended', 'omgili', 'iaskspider', 'Gemini-Deep-Research', 'GoogleAgent-Mariner',
];

/** Uptime and synthetic monitoring services. */
export const MONITOR_TOKENS = [
  'UptimeRobot', 'Pingdom', 'StatusCake', 'Datadog/Synthetics', 'DatadogSynthetics', 'Site24x7',
  'NewRelicPinger', 'New Relic Synthetics', 'Better Uptime', 'BetterStack', 'Checkly', 'HetrixTools',
  'Uptime-Kuma', 'UptimeKuma', 'Freshping', 'Catchpoint', 'ELB-HealthChecker', 'kube-probe',
  'GoogleStackdriverMonitoring', 'Zabbix', 'check_http', 'Nagios', 'Pingbot', 'Uptimebot', 'updown.io',
  'Oh Dear', 'Cronitor', 'Dynatrace', 'AppSignal', 'Sematext', 'RuxitSynthetic', 'monitoring-plugins',
];

/** Headless browsers, browser automation and HTTP libraries. */
export const AUTOMATION_TOKENS = [
  'HeadlessChrome', 'Headless', 'PhantomJS', 'SlimerJS', 'Playwright', 'Puppeteer', 'Selenium', 'WebDriver',
  'Cypress', 'jsdom', 'HtmlUnit', 'python-requests', 'python-urllib', 'aiohttp', 'httpx',
  'Go-http-client', 'axios/', 'node-fetch', 'undici', 'okhttp', 'Java/', 'libwww-perl', 'curl/', 'Wget/',
];

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (tokens: string[]): RegExp => new RegExp(tokens.map(escape).join('|'), 'i');

const UA_LISTS: [BotClass, RegExp][] = [
  ['ai_agent', alternation(AI_AGENT_TOKENS)],
  ['monitor', alternation(MONITOR_TOKENS)],
  ['automation', alternation(AUTOMATION_TOKENS)],
];

// isbot compiles its large pattern on first use (~40 ms here): at start, not in a visitor's request
isbotMatch('Mozilla/5.0');

/** shared by every row that is no bot (never mutated) */
export const NOT_A_BOT: BotInfo = { is_bot: false, class: null, reasons: [] };

/** What the user agent alone says. */
export function classifyUa(ua: string | null | undefined): BotInfo {
  if (!ua) return NOT_A_BOT;
  for (const [cls, re] of UA_LISTS) {
    const m = re.exec(ua);
    if (m) return { is_bot: true, class: cls, reasons: [`ua:${m[0]}`] };
  }
  const crawler = isbotMatch(ua);
  return crawler ? { is_bot: true, class: 'crawler', reasons: [`ua:${crawler}`] } : NOT_A_BOT;
}

/** The page's signals (`navigator.webdriver` → "webdriver", headless markers) on top of the UA's verdict. */
export function withSignals(fromUa: BotInfo, signals: readonly string[] | undefined): BotInfo {
  if (!signals || !signals.length) return fromUa;
  return {
    is_bot: true,
    class: fromUa.class ?? 'automation',
    reasons: [...fromUa.reasons, ...signals.map((s) => `page:${s}`)],
  };
}

/** classifyUa for the last `size` user agents seen (0: no cache). */
export class BotCache extends Lru<BotInfo> {
  constructor(size: number) {
    super(size, classifyUa);
  }
}
