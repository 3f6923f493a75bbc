#!/usr/bin/env node
/**
 * Writes a realistic synthetic lake in the collector's own writer format (its objectKey and
 * GzipObject: events/site_id=<site>/dt=/hour=/<collector_id>-<unique>.ndjson.gz, gzip NDJSON rows
 * as the collector stores them), for the analyst benchmark. Each row is what the SDK sends (the
 * campaign on every event of its session, the page's own referrer) turned into a lake row by the
 * collector's own Enricher (source and source_type, user agent, bot, consent, IP, clock skew), so
 * the models see what a real collector writes: a page reached by a link within the site has no
 * source. Only the geo lookup is the visitor's chosen place instead of geoip-lite.
 *
 *   node bench/analyst-generate.mjs --out DIR [--events 1000000] [--visitors 50000] [--days 60]
 *        [--collectors 2] [--dup-rate 0.01] [--site shop] [--seed 1]
 *
 * Visitors come back over several sessions from campaigns (Google Ads with gclid, Facebook ads with
 * fbclid, newsletters, organic search, social, referrals, AI assistants, direct), view pages and
 * products, add to cart; a fifth identify (some on a second device) and some buy (Order completed
 * with products). A share of events is stored twice by two collectors (a retry), as in production.
 * Needs `npm run build` (it uses packages/collector/dist).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { GzipObject } = require('../packages/collector/dist/lake/gzip-object.js');
const { objectKey } = require('../packages/collector/dist/lake/keys.js');
const { Enricher } = require('../packages/collector/dist/enrich/enricher.js');

const { values: o } = parseArgs({
  options: {
    out: { type: 'string' },
    events: { type: 'string', default: '1000000' },
    visitors: { type: 'string', default: '50000' },
    days: { type: 'string', default: '60' },
    collectors: { type: 'string', default: '2' },
    'dup-rate': { type: 'string', default: '0.01' },
    site: { type: 'string', default: 'shop' },
    seed: { type: 'string', default: '1' },
    end: { type: 'string' },
  },
});
if (!o.out) {
  console.error('usage: node bench/analyst-generate.mjs --out DIR [--events N] [--visitors N] [--days N]');
  process.exit(2);
}
const EVENTS = Number(o.events);
const VISITORS = Number(o.visitors);
const DAYS = Number(o.days);
const COLLECTORS = Number(o.collectors);
const DUP_RATE = Number(o['dup-rate']);
const SITE = o.site;
const END = o.end ? Date.parse(o.end) : Date.UTC(2026, 10, 1);
const START = END - DAYS * 86_400_000;

// a small fast seeded PRNG (mulberry32), so a lake can be generated again identically
let seed = Number(o.seed) >>> 0;
function rnd() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rnd() * a.length)];
const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;

const PRODUCTS = Array.from({ length: 200 }, (_, i) => ({
  id: `sku-${1000 + i}`,
  name: `${pick(['Trail', 'City', 'Cloud', 'Ridge', 'Harbor', 'Nova'])} ${pick(['Runner', 'Jacket', 'Backpack', 'Bottle', 'Cap', 'Sock'])} ${i}`,
  brand: pick(['Northwind', 'Acme', 'Globex', 'Initech']),
  category: pick(['shoes', 'apparel', 'bags', 'accessories']),
  price: Math.round((5 + rnd() * 195) * 100) / 100,
  currency: 'EUR',
}));

const CHANNELS = [
  // weight, utm, click id, referrer (the collector derives source and source_type from these)
  [30, null, null, ''],
  [22, null, null, 'https://www.google.com/'],
  [10, { source: 'google', medium: 'cpc', campaign: 'spring_sale' }, 'gclid', 'https://www.google.com/'],
  [9, { source: 'facebook', medium: 'paid_social', campaign: 'retargeting' }, 'fbclid', 'https://m.facebook.com/'],
  [6, { source: 'newsletter', medium: 'email', campaign: 'weekly_42' }, null, ''],
  [6, null, null, 'https://www.instagram.com/'],
  [8, null, null, 'https://blog.example.org/best-gear'],
  [3, null, null, 'https://chatgpt.com/'],
  [3, { source: 'bing', medium: 'cpc', campaign: 'brand' }, 'msclkid', 'https://www.bing.com/'],
  [3, { source: 'partner', medium: 'affiliate', campaign: 'summer' }, null, 'https://deals.example.net/'],
];
const CHANNEL_TOTAL = CHANNELS.reduce((s, c) => s + c[0], 0);
function channel() {
  let r = rnd() * CHANNEL_TOTAL;
  for (const c of CHANNELS) if ((r -= c[0]) < 0) return c;
  return CHANNELS[0];
}

const DEVICES = [
  { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', browser: ['Mobile Safari', '17.4'], os: ['iOS', '17.4'], device: ['mobile', 'Apple', 'iPhone'], engine: 'WebKit', screen: [390, 844] },
  { ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36', browser: ['Chrome', '124.0.0.0'], os: ['Android', '14'], device: ['mobile', 'Google', 'Pixel 8'], engine: 'Blink', screen: [412, 915] },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', browser: ['Chrome', '124.0.0.0'], os: ['Windows', '10'], device: [null, null, null], engine: 'Blink', screen: [1920, 1080] },
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', browser: ['Safari', '17.4'], os: ['Mac OS', '10.15.7'], device: [null, 'Apple', 'Macintosh'], engine: 'WebKit', screen: [1440, 900] },
];
const GEOS = [
  { country: 'DE', region: 'BE', city: 'Berlin', continent: 'EU', timezone: 'Europe/Berlin', latitude: 52.52, longitude: 13.4 },
  { country: 'FR', region: 'IDF', city: 'Paris', continent: 'EU', timezone: 'Europe/Paris', latitude: 48.86, longitude: 2.35 },
  { country: 'US', region: 'CA', city: 'San Francisco', continent: 'NA', timezone: 'America/Los_Angeles', latitude: 37.77, longitude: -122.42 },
  { country: 'GB', region: 'ENG', city: 'London', continent: 'EU', timezone: 'Europe/London', latitude: 51.5, longitude: -0.13 },
];

const visitors = Array.from({ length: VISITORS }, (_, i) => ({
  anonymous_id: uuid(),
  device: pick(DEVICES),
  geo: pick(GEOS),
  ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
  user_id: null,
  identifies: rnd() < 0.2,
  seen: false,
}));
// a tenth of those who identify also use a second device under the same user id
for (let i = 0; i < VISITORS / 50; i++) {
  const a = visitors[Math.floor(rnd() * VISITORS)];
  const b = visitors[Math.floor(rnd() * VISITORS)];
  if (a !== b && a.identifies) ((b.identifies = true), (b.sharedUser = a));
}

// The collector's enrichment, as a collector with IP_MODE=anonymize runs it; the geo lookup gives
// each visitor's place (by their full address) instead of loading geoip-lite.
const geoByIp = new Map(visitors.map((v) => [v.ip, v.geo]));
const enricher = new Enricher({ collectorId: 'c0', ipMode: 'anonymize', uaCacheSize: 10_000, geo: (ip) => geoByIp.get(ip) ?? null });

/** the rows of one session starting at `t0` */
function session(v, t0) {
  const rows = [];
  const sid = uuid();
  const [, utm, clickId, referrer] = channel();
  const click_ids = clickId ? { [clickId]: hex(24) } : undefined;
  const landing = pick(['/', '/products', `/products/${pick(PRODUCTS).id}`, '/sale']);
  const query = utm ? `?utm_source=${utm.source}&utm_medium=${utm.medium}&utm_campaign=${utm.campaign}${clickId ? `&${clickId}=${click_ids[clickId]}` : ''}` : '';
  let t = t0;
  const n = 2 + Math.floor(rnd() * rnd() * 30);
  const cart = [];
  // what the SDK sends: the campaign it landed with on every event of the session; the page's
  // referrer (document.referrer) is the external one on the landing page, then the page before
  let pageUrl = null;
  let pageReferrer = referrer;
  const base = (action, action_type, path, extra = {}) => {
    const occurred = new Date(t).toISOString();
    const url = `https://shop.example${path}${rows.length === 0 ? query : ''}`;
    const event = {
      event_id: uuid(), site_id: SITE, action, action_type, triggered_at: occurred,
      anonymous_id: v.anonymous_id, session_id: sid, user_id: v.user_id,
      visitor_type: v.seen ? 'returning' : 'new',
      page: { url, path, title: `Shop ${path}`, referrer: action_type === 'pageview' ? (pageReferrer = pageUrl ?? referrer) : pageReferrer },
      ...(utm ? { utm: { ...utm } } : {}), ...(click_ids ? { click_ids: { ...click_ids } } : {}),
      device: { screen_width: v.device.screen[0], screen_height: v.device.screen[1], viewport_width: v.device.screen[0], viewport_height: v.device.screen[1] - 120, language: 'en-US', timezone: v.geo.timezone },
      ...extra,
    };
    if (action_type === 'pageview') pageUrl = url;
    // one request per event, sent at once and received 80 - 480 ms later
    const received = new Date(t + 80 + Math.floor(rnd() * 400));
    const request = { ip: v.ip, userAgent: v.device.ua, receivedAt: received, sentAt: occurred };
    return enricher.row(event, request, enricher.context(request));
  };
  rows.push(base('Page viewed', 'pageview', landing));
  for (let i = 1; i < n && t - t0 < 25 * 60_000; i++) {
    t += 5_000 + Math.floor(rnd() * 90_000);
    const r = rnd();
    const p = pick(PRODUCTS);
    if (r < 0.45) rows.push(base('Page viewed', 'pageview', pick(['/products', `/products/${p.id}`, '/about', '/sale'])));
    else if (r < 0.75) rows.push(base('Product clicked', 'click', '/products', { products: [{ ...p }], element: { tag: 'a', text: p.name, selector: '.product-card a.buy', href: `/products/${p.id}`, classes: ['buy'] } }));
    else if (r < 0.9) {
      cart.push({ ...p, quantity: 1 + Math.floor(rnd() * 2) });
      rows.push(base('Added to cart', 'click', `/products/${p.id}`, { products: [{ ...p, quantity: 1 }] }));
    } else rows.push(base('Element clicked', 'click', '/products', { element: { tag: 'button', text: 'Filter', selector: 'button.filter', classes: ['filter'] } }));
  }
  if (v.identifies && !v.user_id && rnd() < 0.5) {
    v.user_id = v.sharedUser?.user_id ?? `user-${hex(10)}`;
    t += 10_000;
    rows.push(base('Signed in', 'identify', '/account', { user_id: v.user_id, traits: { email: `${v.user_id}@example.com`, plan: pick(['free', 'pro']) } }));
  }
  if (cart.length && rnd() < 0.35) {
    t += 20_000;
    rows.push(base('Order completed', 'custom', '/checkout/done', { products: cart, attributes: { order_id: `o-${hex(8)}`, items: cart.length } }));
  }
  v.seen = true;
  return rows;
}

const outDir = path.resolve(o.out);
fs.mkdirSync(outDir, { recursive: true });
// what a shop configures (contract §7): orders are the conversions, credited over 30 days of touches
const modelDir = path.join(outDir, 'config', `site_id=${SITE}`);
fs.mkdirSync(modelDir, { recursive: true });
fs.writeFileSync(path.join(modelDir, 'model.json'), JSON.stringify({ conversions: ['Order completed'], lookback_days: 30 }));
const HOURS = DAYS * 24;
const perHour = EVENTS / HOURS;
let written = 0;
let objects = 0;
let bytes = 0;
let carry = 0;
const started = Date.now();
for (let h = 0; h < HOURS && written < EVENTS; h++) {
  const hourStart = START + h * 3_600_000;
  const hour = new Date(hourStart).toISOString().slice(0, 13);
  const collectors = Array.from({ length: COLLECTORS }, () => new GzipObject());
  // daily pattern: quiet nights, busy evenings
  const hod = new Date(hourStart).getUTCHours();
  let budget = perHour * (0.4 + 1.2 * Math.sin((Math.PI * hod) / 24) ** 2) + carry;
  const target = Math.min(EVENTS - written, Math.round(budget));
  let n = 0;
  while (n < target) {
    const v = visitors[Math.floor(rnd() * VISITORS)];
    const rows = session(v, hourStart + Math.floor(rnd() * 30 * 60_000));
    for (const row of rows) {
      if (n >= target) break;
      const c = Math.floor(rnd() * COLLECTORS);
      row.collector_id = `c${c}`;
      await collectors[c].add(Buffer.from(JSON.stringify(row)));
      if (COLLECTORS > 1 && rnd() < DUP_RATE) {
        const other = (c + 1) % COLLECTORS;
        const copy = { ...row, collector_id: `c${other}`, received_at: new Date(Date.parse(row.received_at) + 2_000).toISOString() };
        await collectors[other].add(Buffer.from(JSON.stringify(copy)));
      }
      n++;
    }
  }
  carry = budget - n;
  written += n;
  for (const [i, obj] of collectors.entries()) {
    if (!obj.rows) {
      obj.discard();
      continue;
    }
    const body = await obj.finish();
    const file = path.join(outDir, objectKey('events', SITE, hour, `c${i}`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, body);
    objects++;
    bytes += body.length;
  }
  if (h % 240 === 0) process.stderr.write(`\r${written} events, ${objects} objects`);
}
process.stderr.write('\r');
console.log(JSON.stringify({ out: outDir, events: written, visitors: VISITORS, days: DAYS, objects, gzip_bytes: bytes, seconds: (Date.now() - started) / 1000 }));
