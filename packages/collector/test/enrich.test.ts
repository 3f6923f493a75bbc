/** The pure enrichment parts: IPs, marketing source, clock skew, user agents. */
import { anonymizeIp, clientIp, normalizeIp, storedIp } from '../src/enrich/ip';
import { classifySource, type SourceInput } from '@actionlake/schema/node';
import { isoTime } from '../src/enrich/iso-time';
import { occurredAt } from '../src/enrich/time';
import { parseUa, UaCache } from '../src/enrich/ua';
import { continentOf } from '../src/enrich/continents';

describe('client IP', () => {
  it('unwraps IPv4-mapped IPv6 and rejects non-addresses', () => {
    expect(normalizeIp('::ffff:81.2.69.142')).toBe('81.2.69.142');
    expect(normalizeIp('2001:db8::1')).toBe('2001:db8::1');
    expect(normalizeIp('not-an-ip')).toBeNull();
    expect(normalizeIp(undefined)).toBeNull();
  });

  it('ignores X-Forwarded-For unless a proxy is trusted', () => {
    expect(clientIp('::ffff:10.0.0.2', '81.2.69.142', false)).toBe('10.0.0.2');
    // one trusted proxy: the address it appended, never what the visitor wrote before it
    expect(clientIp('10.0.0.2', '81.2.69.142', true)).toBe('81.2.69.142');
    expect(clientIp('10.0.0.2', '6.6.6.6, 81.2.69.142', true)).toBe('81.2.69.142');
  });

  it('with a hop count, takes the address that many hops in front of the collector', () => {
    // client, spoofed by the client, then proxy A appended what it saw; socket is proxy B
    expect(clientIp('10.0.0.2', '6.6.6.6, 81.2.69.142, 10.0.0.1', 2)).toBe('81.2.69.142');
    expect(clientIp('10.0.0.2', '81.2.69.142', 1)).toBe('81.2.69.142');
    expect(clientIp('10.0.0.2', '81.2.69.142', 5)).toBe('81.2.69.142');
  });

  it('anonymizes IPv4 to /24 and IPv6 to /48', () => {
    expect(anonymizeIp('81.2.69.142')).toBe('81.2.69.0');
    expect(anonymizeIp('2001:db8:abcd:12:3456:789a:bcde:f012')).toBe('2001:db8:abcd::');
    expect(anonymizeIp('2001:db8::1')).toBe('2001:db8::');
    expect(anonymizeIp('::1')).toBe('::');
    expect(anonymizeIp(normalizeIp('::ffff:81.2.69.142')!)).toBe('81.2.69.0');
  });

  it('stores the IP per IP_MODE', () => {
    expect(storedIp('81.2.69.142', 'anonymize')).toBe('81.2.69.0');
    expect(storedIp('81.2.69.142', 'full')).toBe('81.2.69.142');
    expect(storedIp('81.2.69.142', 'none')).toBeNull();
    expect(storedIp(null, 'full')).toBeNull();
  });
});

describe('source classification', () => {
  const page = 'https://shop.example/landing';
  const table: [string, SourceInput, string | null, string][] = [
    ['nothing', { pageUrl: page }, null, 'direct'],
    ['gclid', { click_ids: { gclid: 'x' }, pageUrl: page }, 'google', 'paid'],
    ['fbclid with a social referrer: Meta adds it to organic links too', { click_ids: { fbclid: 'x' }, referrer: 'https://l.facebook.com/', pageUrl: page }, 'facebook', 'social'],
    ['fbclid alone (the app sends no referrer)', { click_ids: { fbclid: 'x' }, pageUrl: page }, 'facebook', 'social'],
    ['fbclid on a paid campaign', { click_ids: { fbclid: 'x' }, utm: { source: 'facebook', medium: 'paid_social' }, pageUrl: page }, 'facebook', 'paid'],
    ['ttclid', { click_ids: { ttclid: 'x' }, pageUrl: page }, 'tiktok', 'paid'],
    ['msclkid', { click_ids: { msclkid: 'x' }, pageUrl: page }, 'bing', 'paid'],
    ['utm_medium cpc', { utm: { source: 'google', medium: 'cpc' }, pageUrl: page }, 'google', 'paid'],
    ['utm_medium paid_social', { utm: { source: 'meta', medium: 'paid_social' }, pageUrl: page }, 'meta', 'paid'],
    ['utm_medium display', { utm: { source: 'dv360', medium: 'display' }, pageUrl: page }, 'dv360', 'paid'],
    ['utm_medium email', { utm: { source: 'newsletter', medium: 'email' }, pageUrl: page }, 'newsletter', 'email'],
    ['utm_medium social', { utm: { source: 'insta', medium: 'social' }, pageUrl: page }, 'insta', 'social'],
    ['t.co referrer', { referrer: 'https://t.co/abc', pageUrl: page }, 't.co', 'social'],
    ['linkedin referrer', { referrer: 'https://www.linkedin.com/feed/', pageUrl: page }, 'linkedin.com', 'social'],
    ['google.co.uk referrer', { referrer: 'https://www.google.co.uk/', pageUrl: page }, 'google.co.uk', 'search'],
    ['duckduckgo referrer', { referrer: 'https://duckduckgo.com/', pageUrl: page }, 'duckduckgo.com', 'search'],
    ['a Google host that is not its search engine', { referrer: 'https://docs.google.com/document/d/1', pageUrl: page }, 'docs.google.com', 'referral'],
    ['Yahoo search', { referrer: 'https://uk.search.yahoo.com/', pageUrl: page }, 'uk.search.yahoo.com', 'search'],
    ['other site', { referrer: 'https://blog.example/post', pageUrl: page }, 'blog.example', 'referral'],
    ['same site', { referrer: 'https://shop.example/cart', pageUrl: page }, null, 'direct'],
    ['garbage referrer', { referrer: 'not a url', pageUrl: page }, null, 'direct'],
  ];
  it.each(table)('%s', (_name, input, source, type) => {
    expect(classifySource(input)).toEqual({ source, source_type: type });
  });
});

describe('skew-corrected occurred_at', () => {
  const received = new Date('2024-05-01T12:00:10.000Z');
  it('moves triggered_at by the page clock error measured on sent_at', () => {
    // page clock 1 h behind: sent 11:00:09 page time, received 12:00:10 server time
    expect(occurredAt('2024-05-01T11:00:00.000Z', '2024-05-01T11:00:09.000Z', received)).toBe('2024-05-01T12:00:01.000Z');
  });
  it('uses triggered_at as is without a valid sent_at', () => {
    expect(occurredAt('2024-05-01T11:59:00.000Z', undefined, received)).toBe('2024-05-01T11:59:00.000Z');
    expect(occurredAt('2024-05-01T11:59:00.000Z', 'yesterday', received)).toBe('2024-05-01T11:59:00.000Z');
    // a sent_at far in the future would push occurred_at out of ISO-8601's range: received_at instead
    expect(occurredAt('2024-05-01T11:59:00.000Z', '+275760-09-13T00:00:00.000Z', received)).toBe(received.toISOString());
    expect(occurredAt('1999-12-31T23:59:59.999Z', undefined, received)).toBe(received.toISOString());
    expect(occurredAt('2000-01-01T00:00:00.000Z', undefined, received)).toBe('2000-01-01T00:00:00.000Z');
  });
  it('writes times as toISOString does: 200,000 random ones from 1970 to 9999, each edge of a day, month and leap year, and outside that range', () => {
    const edges = ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2000-03-01T00:00:00.000Z', '2100-02-28T23:59:59.999Z',
      '2100-03-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z', '2025-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'].map(Date.parse);
    const times = [...edges, ...edges.map((t) => t - 1), ...edges.map((t) => t + 1), -1, -86_400_001, 253_402_300_800_000, 8.64e15, 1.5];
    for (let i = 0; i < 200_000; i++) times.push(Math.floor(Math.random() * 253_402_300_800_000));
    for (const t of times) if (isoTime(t) !== new Date(t).toISOString()) throw new Error(`${t}: ${isoTime(t)} against ${new Date(t).toISOString()}`);
  });
  it('is never later than received_at', () => {
    expect(occurredAt('2024-05-01T12:30:00.000Z', undefined, received)).toBe(received.toISOString());
    expect(occurredAt('2024-05-01T12:00:20.000Z', '2024-05-01T12:00:00.000Z', received)).toBe(received.toISOString());
  });
});

describe('user agent', () => {
  const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

  it('parses into the lake shape with nulls for the unknown', () => {
    expect(parseUa(chrome)).toEqual({
      raw: chrome,
      browser: { name: 'Chrome', version: '124.0.0.0' },
      os: { name: 'Windows', version: '10' },
      device: { type: null, vendor: null, model: null },
      engine: { name: 'Blink' },
    });
    expect(parseUa(iphone)).toMatchObject({ os: { name: 'iOS' }, device: { type: 'mobile', vendor: 'Apple', model: 'iPhone' } });
    expect(parseUa(null).browser).toEqual({ name: null, version: null });
  });

  it('keeps at most UA_CACHE_SIZE entries', () => {
    const cache = new UaCache(2);
    for (let i = 0; i < 10; i++) cache.get(`${chrome} ${i}`);
    expect(cache.entries).toBe(2);
    expect(cache.get(iphone).os.name).toBe('iOS');
  });
});

describe('continent', () => {
  it('maps countries to continents', () => {
    expect(continentOf('GB')).toBe('EU');
    expect(continentOf('US')).toBe('NA');
    expect(continentOf('BR')).toBe('SA');
    expect(continentOf('JP')).toBe('AS');
    expect(continentOf('AU')).toBe('OC');
    expect(continentOf('ZZ')).toBeNull();
  });
});
