/** Bot classification of user agents and page signals (contract §8). */
import { BotCache, classifyUa, withSignals } from '../src/enrich/bot';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IOS = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('bot classification by user agent', () => {
  const table: [string, string, string | null][] = [
    ['GPTBot', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)', 'ai_agent'],
    ['ChatGPT-User', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; ChatGPT-User/1.0; +https://openai.com/bot', 'ai_agent'],
    ['OAI-SearchBot', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko); compatible; OAI-SearchBot/1.0; +https://openai.com/searchbot', 'ai_agent'],
    ['ClaudeBot', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)', 'ai_agent'],
    ['Claude-User', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Claude-User/1.0; +Claude-User@anthropic.com)', 'ai_agent'],
    ['PerplexityBot', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; PerplexityBot/1.0; +https://perplexity.ai/perplexitybot)', 'ai_agent'],
    ['Perplexity-User', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Perplexity-User/1.0; +https://perplexity.ai/perplexity-user)', 'ai_agent'],
    ['CCBot', 'CCBot/2.0 (https://commoncrawl.org/faq/)', 'ai_agent'],
    ['Bytespider', 'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)', 'ai_agent'],
    ['Amazonbot', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Amazonbot/0.1; +https://developer.amazon.com/support/amazonbot) Chrome/119.0.6045.214 Safari/537.36', 'ai_agent'],
    ['Applebot-Extended', 'Mozilla/5.0 (compatible; Applebot-Extended/0.1; +http://www.apple.com/go/applebot)', 'ai_agent'],
    ['meta-externalagent', 'meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)', 'ai_agent'],
    ['UptimeRobot', 'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)', 'monitor'],
    ['Pingdom', 'Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)', 'monitor'],
    ['StatusCake', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 StatusCake', 'monitor'],
    ['Datadog Synthetics', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 DatadogSynthetics', 'monitor'],
    ['HeadlessChrome', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'automation'],
    ['PhantomJS', 'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1', 'automation'],
    ['python-requests', 'python-requests/2.32.3', 'automation'],
    ['curl', 'curl/8.5.0', 'automation'],
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'crawler'],
    ['bingbot', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36', 'crawler'],
    ['AhrefsBot', 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', 'crawler'],
    ['Chrome', CHROME, null],
    ['iOS Safari', SAFARI_IOS, null],
    ['Firefox', FIREFOX, null],
  ];
  it.each(table)('%s', (_name, ua, cls) => {
    const b = classifyUa(ua);
    expect(b.class).toBe(cls);
    expect(b.is_bot).toBe(cls !== null);
    if (cls) expect(b.reasons).toEqual([expect.stringMatching(/^ua:./)]);
    else expect(b.reasons).toEqual([]);
  });

  it('says which token matched', () => {
    expect(classifyUa('Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)').reasons).toEqual(['ua:GPTBot']);
  });

  it('treats a missing user agent as no bot (nothing to go by)', () => {
    expect(classifyUa(null)).toEqual({ is_bot: false, class: null, reasons: [] });
    expect(classifyUa('')).toEqual({ is_bot: false, class: null, reasons: [] });
  });
});

describe('page signals', () => {
  it('make an ordinary browser automation, with the signal as the reason', () => {
    expect(withSignals(classifyUa(CHROME), ['webdriver'])).toEqual({ is_bot: true, class: 'automation', reasons: ['page:webdriver'] });
  });
  it('keep the class the user agent gave and add to its reasons', () => {
    const b = withSignals(classifyUa('Mozilla/5.0 HeadlessChrome/131.0.0.0 Safari/537.36'), ['webdriver', 'headless']);
    expect(b).toEqual({ is_bot: true, class: 'automation', reasons: ['ua:HeadlessChrome', 'page:webdriver', 'page:headless'] });
  });
  it('change nothing when absent or empty', () => {
    expect(withSignals(classifyUa(CHROME), undefined).is_bot).toBe(false);
    expect(withSignals(classifyUa(CHROME), []).is_bot).toBe(false);
  });
});

describe('BotCache', () => {
  it('answers repeats from memory and stays within its size', () => {
    const [a, b, d] = ['GPTBot/1.2', 'ClaudeBot/1.0', 'curl/8.5.0'];
    const c = new BotCache(2);
    const first = c.get(a);
    expect(c.get(a)).toBe(first);
    c.get(b);
    c.get(d); // a is the least recently used: evicted
    expect(c.get(a)).not.toBe(first);
    expect(c.get(a)).toEqual(first);
  });
});
