/**
 * The server API's fast path (sources/segment-text.ts) writes the lake row of a Segment message as
 * text in one pass; the general path maps it to a SourceEvent, a candidate, validates and
 * stringifies it. A lake row must not depend on which path a message took: here both paths store
 * the messages `@segment/analytics-node` sent (fixtures/segment) and variants of them built to hit
 * every rule the fast path must follow, each into its own real spool, and their lines must be the
 * same bytes. Where the fast path declines (returns null), the general path decides; the fast path
 * must never store a message the general path refuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Enricher } from '../src/enrich/enricher';
import { Ingestor } from '../src/ingest/ingestor';
import { createMetrics } from '../src/metrics/metrics';
import { Refused, SourcePath } from '../src/sources/common-path';
import { segmentEvent } from '../src/sources/segment';
import { segmentText } from '../src/sources/segment-text';
import type { Source } from '../src/sources/types';
import { Spool } from '../src/spool/spool';

const FIXTURE = path.join(__dirname, 'fixtures/segment/analytics-node-batch.json');
const recorded = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { batch: Record<string, unknown>[]; sentAt: string };
const SOURCE: Source = { id: 'backend', kind: 'server', site: 'shop', write_key: 'wk_test_fast_1' } as Source;
const RECEIVED = new Date(Date.parse(recorded.sentAt) + 1500);
jest.setTimeout(30_000);

const GEO = { country: 'GB', region: 'ENG', city: 'London', continent: 'EU', timezone: 'Europe/London', latitude: 51.5, longitude: -0.1 };

/** A real spool, ingestor and source path in a temp dir: store() → the spool's row lines. */
async function pipeline(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `al-fast-${name}-`));
  const spool = new Spool(dir, { collectorId: 'c0' });
  await spool.open();
  const enricher = new Enricher({ collectorId: 'c0', ipMode: 'anonymize', uaCacheSize: 100, geo: (ip) => (ip.startsWith('81.2.') ? GEO : null) });
  const ingestor = new Ingestor({ spool, enricher, metrics: createMetrics(), dedupWindow: 0, maxBatchEvents: 500, badPayloadMaxBytes: 8192 });
  const sourcePath = new SourcePath({ ingestor, enricher, headerMaxChars: 512, collectorId: 'c0' });
  return {
    async rows(items: Parameters<SourcePath['store']>[1], repair: boolean): Promise<string[]> {
      await sourcePath.store(SOURCE, items, RECEIVED, { repair });
      await spool.rotate();
      const out: string[] = [];
      for (const segment of spool.sealed()) {
        for await (const line of spool.lines(segment)) out.push(`${line.kind} ${line.row.toString('utf8')}`);
        await spool.remove(segment);
      }
      return out;
    },
    close: () => spool.close(),
  };
}

const general = (m: Record<string, unknown>) => {
  const mapped = segmentEvent(m, m.type, RECEIVED, recorded.sentAt);
  return 'error' in mapped ? new Refused(mapped.error, m) : mapped.event;
};
/** as the server API calls it: `plain` when the message's JSON text holds no backslash (its strings need no escaping) */
const fast = (m: Record<string, unknown>, plain = !JSON.stringify(m).includes('\\')) => segmentText(SOURCE, m, m.type, RECEIVED, recorded.sentAt, 100, plain);

/** Variants of a recorded message, each meant to hit one rule of the fast path. */
function variants(m: Record<string, unknown>): [string, Record<string, unknown>][] {
  const props = (m.properties ?? {}) as Record<string, unknown>;
  const id = String(m.messageId);
  const v = (name: string, change: Record<string, unknown>): [string, Record<string, unknown>] => [name, { ...m, messageId: `${id}-${name}`, ...change }];
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
  return [
    v('index-key', { properties: { ...props, 1: 'first', b: 2 } }),
    v('dotted-key', { properties: { ...props, 'a.b': 1, a: { b: 2 } } }),
    v('proto-key', { properties: JSON.parse('{"__proto__": 1, "x": 2}') }),
    v('deep', { properties: { ...props, l1: { l2: { l3: { l4: { l5: { l6: 1 } } } } } } }),
    v('plain-unicode', { properties: { ...props, title: 'Vélo — “Ü” ½ 😀 \u2028 \u007f end', k_é: 'x' }, context: { ...(m.context as object), page: { title: 'Bikes — Moto Mart 😀', url: 'https://shop.example/é?utm_source=ü' } } }),
    v('values', { properties: { ...props, nul: null, t: true, f: false, zero: 0, neg: -1.5, big: Infinity, arr: [1, { a: 'b' }], str: 'tab\there "q" \\ ü 😀' } }),
    v('101-attributes', { properties: many(101) }),
    v('100-attributes', { properties: many(100) }),
    v('long-event', { event: 'e'.repeat(201) }),
    v('emoji-event', { event: '😀'.repeat(150) }),
    v('blank-event', { event: '  ' }),
    v('quoted-event', { event: 'Said "hi" \\ ü' }),
    v('long-keys', { properties: { ...props, ['k'.repeat(300)]: 'long', nest: { ['n'.repeat(300)]: 1 } } }),
    v('long-user', { userId: 'u'.repeat(257) }),
    v('long-anon', { anonymousId: 'a'.repeat(129) }),
    v('number-user', { userId: 42 }),
    v('no-ids', { userId: null, anonymousId: '' }),
    v('long-message-id', { messageId: 'm'.repeat(257) }),
    v('original-timestamp', { timestamp: undefined, originalTimestamp: '2026-12-07T10:00:00.000Z', sentAt: '2026-12-07T10:00:05.000+01:00' }),
    v('no-time', { timestamp: undefined }),
    v('bad-time', { timestamp: 'yesterday' }),
    v('context-traits', { context: { ...(m.context as object), traits: { email: 'ctx@example.com' } } }),
    v('traits', { traits: { email: 'Someone@Example.com', plan: null, n: 3, nested: { a: { b: 'c' } }, 2: 'index' } }),
    v('traits-email-null', { traits: { email: null, name: 'x' } }),
    v('traits-101', { traits: many(101) }),
    v('page-name-object', { name: 'Shown', properties: { ...props, name: { first: 'x' }, category: null } }),
    v('page-name-over', { name: 'Shown', category: 'Cat', properties: { ...props, name: 'hidden', category: 'hidden' } }),
    v('long-url', { properties: { ...props, url: `https://shop.example/${'p'.repeat(2100)}` }, context: { page: { url: `https://shop.example/${'p'.repeat(2100)}` } } }),
    v('long-campaign', { context: { ...(m.context as object), campaign: { name: 'c'.repeat(501) } } }),
    v('bad-currency', { properties: { ...props, currency: 'euro', product_id: 'p1' } }),
    v('101-products', { properties: { products: Array.from({ length: 101 }, (_, i) => ({ product_id: `p${i}` })) } }),
    v('long-product', { properties: { products: [{ product_id: 'p'.repeat(501) }] } }),
    v('bad-type', { type: 'jump' }),
    v('product-fields', { properties: { currency: 'gbp', products: [{ product_id: 7, price: ' 12.5 ', quantity: '', 2: 'index', size: 'L', n: -0, sku: 's' }, 'not a product', { id: 'i', currency: 'usd', variant: '', brand: 'B' }] } }),
    v('product-proto', { properties: { products: [JSON.parse('{"product_id": "p", "__proto__": "x"}')] } }),
    v('single-product', { properties: { sku: 's', name: 'N', currency: 'gbp', price: 1e21, extra: 1, list: [1], obj: { a: 1 } } }),
    v('no-products', { properties: { products: [] } }),
    v('page-both', { context: { page: { path: '/ctx', title: 'Ctx title' } }, properties: { ...props, url: 'https://shop.example/both?utm_medium=social', title: 'Props title' } }),
    v('search-only', { context: { page: { search: 'gclid=G1&utm_source=s&utm_campaign=c' } } }),
    v('url-tags', { context: { page: { url: 'https://shop.example/x?utm_source=news&utm_medium=email&utm_term=t&utm_content=c&msclkid=m1&yclid=y1', referrer: 'https://t.co/' } } }),
    v('campaign-tags', { context: { page: { url: 'https://shop.example/x?utm_source=ignored&fbclid=f1' }, campaign: { medium: 'social', campaign: 'not-name', content: '', term: 'x' } } }),
    v('group-number', { groupId: 7, previousId: 8 }),
    v('alias-no-user', { userId: undefined, anonymousId: 'a', previousId: 'p' }),
    // the app's address and browser: the enricher's members of each, kept across deliveries
    v('other-ip', { context: { ...(m.context as object), ip: '203.0.113.9' } }),
    v('geo-ip', { context: { ...(m.context as object), ip: '81.2.69.160' } }),
    v('no-ip', { context: { ...(m.context as object), ip: undefined } }),
    v('bot-ua', { context: { ...(m.context as object), userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' } }),
    v('long-ua', { context: { ...(m.context as object), ip: '81.2.69.161', userAgent: `Mozilla/5.0 ${'x'.repeat(600)}` } }),
  ];
}

describe('the server API fast path writes the same lake rows as the general path', () => {
  let fastPipe: Awaited<ReturnType<typeof pipeline>>;
  let generalPipe: Awaited<ReturnType<typeof pipeline>>;
  let stringified: Awaited<ReturnType<typeof pipeline>>;
  beforeAll(async () => {
    [fastPipe, generalPipe, stringified] = await Promise.all([pipeline('fast'), pipeline('general'), pipeline('stringified')]);
  });
  afterAll(async () => {
    await Promise.all([fastPipe.close(), generalPipe.close(), stringified.close()]);
  });

  it("takes every message @segment/analytics-node sent, and writes each byte for byte as the general path does", async () => {
    const texts = recorded.batch.map((m) => fast(m));
    expect(texts.map((t, i) => (t ? 'fast' : `general: ${JSON.stringify(recorded.batch[i]).slice(0, 80)}`))).toEqual(recorded.batch.map(() => 'fast'));
    const fromFast = await fastPipe.rows(texts.map((t) => t!), false);
    const fromGeneral = await generalPipe.rows(recorded.batch.map(general), false);
    // the general path with strings to repair stringifies each whole row object: the same text again
    const fromObjects = await stringified.rows(recorded.batch.map(general), true);
    expect(fromFast).toHaveLength(recorded.batch.length);
    expect(fromFast).toEqual(fromGeneral);
    expect(fromFast).toEqual(fromObjects);
    expect(fromFast.every((l) => l.startsWith('e {'))).toBe(true);
    // and with every string stringified, as for a message whose text held a backslash
    expect(recorded.batch.filter((m) => !JSON.stringify(m).includes('\\')).length).toBeGreaterThan(recorded.batch.length / 2);
    const stringifiedFast = await fastPipe.rows(recorded.batch.map((m) => fast(m, false)!), false);
    expect(stringifiedFast).toEqual(fromGeneral);
  });

  it('declines (null) whatever it cannot write exactly, and never stores what the general path refuses', async () => {
    const all = recorded.batch.flatMap((m) => variants(m).map(([name, variant]) => ({ name, type: m.type, variant })));
    const texts = all.map((x) => fast(x.variant));
    const eventId = (line: string) => (JSON.parse(line.slice(2)) as { event_id: string }).event_id;
    // the general path stores every variant (or keeps it as a bad row): its row lines by event_id
    const byId = new Map((await generalPipe.rows(all.map((x) => general(x.variant)), false)).filter((l) => l.startsWith('e ')).map((l) => [eventId(l), l]));
    const taken = all.filter((_, i) => texts[i]);
    const lines = await fastPipe.rows(texts.filter((t) => t !== null), false);
    expect(lines).toHaveLength(taken.length);
    expect(taken.length).toBeGreaterThan(all.length / 3);
    lines.forEach((line, i) => expect({ name: taken[i].name, type: taken[i].type, line }).toEqual({ name: taken[i].name, type: taken[i].type, line: byId.get(eventId(line)) }));
    // a second delivery of the same messages: what it reuses of the first gives the same lines
    expect(await fastPipe.rows(all.map((x) => fast(x.variant)).filter((t) => t !== null), false)).toEqual(lines);
    const declined = all.filter((_, i) => !texts[i]).map((x) => x.name);
    // an action with escapes (cached texts whatever the message's quoting) and keys too long to cache are the fast path's too
    expect(declined.filter((d) => d === 'quoted-event' || d === 'long-keys')).toEqual([]);
    // the rules that must send a message to the general path did, for every recorded message
    for (const name of ['index-key', 'dotted-key', 'proto-key', '101-attributes', 'long-event', 'emoji-event', 'long-user', 'long-anon', 'no-ids', 'long-message-id', 'bad-time', 'context-traits', 'long-url', 'bad-type']) {
      expect({ name, declined: declined.filter((d) => d === name).length }).toEqual({ name, declined: name === 'long-event' || name === 'emoji-event' ? recorded.batch.filter((m) => m.type === 'track').length : recorded.batch.length });
    }
  });
});
