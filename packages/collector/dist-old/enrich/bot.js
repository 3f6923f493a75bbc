"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BotCache = exports.NOT_A_BOT = exports.AUTOMATION_TOKENS = exports.MONITOR_TOKENS = exports.AI_AGENT_TOKENS = void 0;
exports.classifyUa = classifyUa;
exports.withSignals = withSignals;
const isbot_1 = require("isbot");
const lru_1 = require("./lru");
/** AI crawlers, assistants fetching for a user, and AI training crawlers (vendor-documented tokens). */
exports.AI_AGENT_TOKENS = [
    'GPTBot', 'ChatGPT-User', 'OAI-SearchBot', 'ClaudeBot', 'Claude-User', 'Claude-SearchBot', 'Claude-Web',
    'anthropic-ai', 'PerplexityBot', 'Perplexity-User', 'Google-Extended', 'Google-CloudVertexBot',
    'CCBot', 'Bytespider', 'Amazonbot', 'Applebot-Extended', 'meta-externalagent', 'meta-externalfetcher',
    'FacebookBot', 'cohere-ai', 'cohere-training-data-crawler', 'Diffbot', 'YouBot', 'MistralAI-User',
    'DuckAssistBot', 'AI2Bot', 'Ai2Bot-Dolma', 'Timpibot', 'ImagesiftBot', 'Kangaroo Bot',
    'PanguBot', 'Webzio-Extended', 'omgili', 'iaskspider', 'Gemini-Deep-Research', 'GoogleAgent-Mariner',
];
/** Uptime and synthetic monitoring services. */
exports.MONITOR_TOKENS = [
    'UptimeRobot', 'Pingdom', 'StatusCake', 'Datadog/Synthetics', 'DatadogSynthetics', 'Site24x7',
    'NewRelicPinger', 'New Relic Synthetics', 'Better Uptime', 'BetterStack', 'Checkly', 'HetrixTools',
    'Uptime-Kuma', 'UptimeKuma', 'Freshping', 'Catchpoint', 'ELB-HealthChecker', 'kube-probe',
    'GoogleStackdriverMonitoring', 'Zabbix', 'check_http', 'Nagios', 'Pingbot', 'Uptimebot', 'updown.io',
    'Oh Dear', 'Cronitor', 'Dynatrace', 'AppSignal', 'Sematext', 'RuxitSynthetic', 'monitoring-plugins',
];
/** Headless browsers, browser automation and HTTP libraries. */
exports.AUTOMATION_TOKENS = [
    'HeadlessChrome', 'Headless', 'PhantomJS', 'SlimerJS', 'Playwright', 'Puppeteer', 'Selenium', 'WebDriver',
    'Cypress', 'jsdom', 'HtmlUnit', 'python-requests', 'python-urllib', 'aiohttp', 'httpx',
    'Go-http-client', 'axios/', 'node-fetch', 'undici', 'okhttp', 'Java/', 'libwww-perl', 'curl/', 'Wget/',
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alternation = (tokens) => new RegExp(tokens.map(escape).join('|'), 'i');
const UA_LISTS = [
    ['ai_agent', alternation(exports.AI_AGENT_TOKENS)],
    ['monitor', alternation(exports.MONITOR_TOKENS)],
    ['automation', alternation(exports.AUTOMATION_TOKENS)],
];
// isbot compiles its large pattern on first use (~40 ms here): at start, not in a visitor's request
(0, isbot_1.isbotMatch)('Mozilla/5.0');
/** shared by every row that is no bot (never mutated) */
exports.NOT_A_BOT = { is_bot: false, class: null, reasons: [] };
/** What the user agent alone says. */
function classifyUa(ua) {
    if (!ua)
        return exports.NOT_A_BOT;
    for (const [cls, re] of UA_LISTS) {
        const m = re.exec(ua);
        if (m)
            return { is_bot: true, class: cls, reasons: [`ua:${m[0]}`] };
    }
    const crawler = (0, isbot_1.isbotMatch)(ua);
    return crawler ? { is_bot: true, class: 'crawler', reasons: [`ua:${crawler}`] } : exports.NOT_A_BOT;
}
/** The page's signals (`navigator.webdriver` → "webdriver", headless markers) on top of the UA's verdict. */
function withSignals(fromUa, signals) {
    if (!signals || !signals.length)
        return fromUa;
    return {
        is_bot: true,
        class: fromUa.class ?? 'automation',
        reasons: [...fromUa.reasons, ...signals.map((s) => `page:${s}`)],
    };
}
/** classifyUa for the last `size` user agents seen (0: no cache). */
class BotCache extends lru_1.Lru {
    constructor(size) {
        super(size, classifyUa);
    }
}
exports.BotCache = BotCache;
