/**
 * The server API with Segment's own Node library (`@segment/analytics-node`, its `host` pointed at
 * the collector on a real port) through to lake rows: each call, a batch, a retry of the same
 * messageId (also a real retry, after a lost answer), a wrong key. Then what the library never
 * sends, by hand: skew correction, both ways of giving the key, and each limit just over it.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Analytics } from '@segment/analytics-node';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import pino from 'pino';
import { emailSha256, sourceEventId } from '@actionlake/schema/node';
import { lakeRows, metricValue, start, tempDir, type Harness } from './support/harness';
import { allText, writeSources } from './support/sources';

const WRITE_KEY = 'wk_backend_6c1f9e2a';
const OTHER_KEY = 'wk_crm_0d5b7a31';
const CALL_LIMIT = 2_000;
const BATCH_LIMIT = 16_000;
const BATCH_EVENTS = 8;
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

jest.setTimeout(30_000);

const schema = JSON.parse(fs.readFileSync(require.resolve('@actionlake/schema/lake-row.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema(schema);
const lakeRow = ajv.getSchema(schema.$id)!;

describe('the server API (Segment HTTP Tracking API)', () => {
  let h: Harness;
  const logs: string[] = [];
  const rows = async () => {
    await h.collector.flush();
    return lakeRows(h.lakeDir, 'events/').map((r) => r.row);
  };
  const bad = async () => {
    await h.collector.flush();
    return lakeRows(h.lakeDir, 'bad/');
  };
  const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  const call = (path: string, body: unknown, headers: Record<string, string> = { authorization: basic(WRITE_KEY) }) =>
    fetch(`${h.url}/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const library = (o: Partial<ConstructorParameters<typeof Analytics>[0]> = {}) => new Analytics({ writeKey: WRITE_KEY, host: h.url, flushInterval: 50, maxRetries: 3, ...o });

  beforeAll(async () => {
    const root = tempDir('server-api');
    const sourcesFile = writeSources(root, [
      { id: 'backend', kind: 'server', site: 'shop', write_key: WRITE_KEY },
      { id: 'crm', kind: 'server', site: 'crm-site', write_key: OTHER_KEY },
    ]);
    h = await start(
      { sourcesFile, serverMaxCallBytes: CALL_LIMIT, serverMaxBatchBytes: BATCH_LIMIT, serverMaxBatchEvents: BATCH_EVENTS, collectorId: 'srv' },
      { root, logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }), geo: (ip) => (ip === '81.2.69.160' ? { country: 'GB', region: 'ENG', city: 'London', continent: 'EU', timezone: 'Europe/London', latitude: 51.5, longitude: -0.1 } : null) },
    );
  });
  afterAll(() => h.stop());

  it("stores Segment's library's track, identify, page, screen, group and alias as plain rows", async () => {
    const analytics = library({ flushAt: 20 });
    const requests: string[] = [];
    analytics.on('http_request', (r) => requests.push(r.url));
    analytics.track({
      userId: 'u-42', event: 'Order Completed', messageId: 'm-track-1',
      properties: { order_id: '1001', revenue: 99.5, currency: 'eur', coupon: { code: 'SPRING', pct: 10 }, products: [{ product_id: 'sku-1', name: 'Shoe', price: 49.75, quantity: 2, size: 42 }] },
      context: { ip: '81.2.69.160', userAgent: IPHONE },
    });
    analytics.identify({ userId: 'u-42', anonymousId: 'anon-9', messageId: 'm-identify-1', traits: { email: ' Ann@Example.COM ', plan: 'pro', address: { city: 'Leeds' } } });
    analytics.page({
      anonymousId: 'anon-9', name: 'Pricing', messageId: 'm-page-1',
      properties: { url: 'https://shop.example/pricing?gclid=Cj0abc', path: '/pricing', title: 'Pricing', referrer: 'https://www.google.com/' },
      context: { campaign: { name: 'spring-sale', source: 'google', medium: 'cpc' } },
    });
    analytics.screen({ userId: 'u-42', name: 'Cart', messageId: 'm-screen-1', properties: { items: 2 } });
    analytics.group({ userId: 'u-42', groupId: 'acme', messageId: 'm-group-1', traits: { name: 'Acme Ltd', employees: 50 } });
    analytics.alias({ userId: 'u-42', previousId: 'anon-9', messageId: 'm-alias-1' });
    await analytics.closeAndFlush();
    expect(requests).toEqual([`${h.url}/v1/batch`]); // one batch of six

    const byId = new Map((await rows()).map((r) => [r.origin?.id, r]));
    const track = byId.get('m-track-1');
    expect(track).toMatchObject({
      event_id: sourceEventId('backend', 'm-track-1'), site_id: 'shop', action: 'Order Completed', action_type: 'custom', user_id: 'u-42',
      origin: { kind: 'server', source_id: 'backend', id: 'm-track-1', event: 'track' },
      attributes: { order_id: '1001', revenue: 99.5, currency: 'eur', 'coupon.code': 'SPRING', 'coupon.pct': 10 },
      products: [{ id: 'sku-1', name: 'Shoe', price: 49.75, quantity: 2, currency: 'EUR', traits: { size: 42 } }],
      ip: '81.2.69.0', geo: { city: 'London' }, ua: { os: { name: 'iOS' } }, bot: { is_bot: false },
    });
    expect(track).not.toHaveProperty('anonymous_id');
    expect(track).not.toHaveProperty('session_id');
    expect(track.triggered_at).toBe(track.occurred_at); // the library sets timestamp: kept as sent
    expect(byId.get('m-identify-1')).toMatchObject({
      action: 'Identified', action_type: 'identify', user_id: 'u-42', anonymous_id: 'anon-9',
      traits: { email: ' Ann@Example.COM ', plan: 'pro', 'address.city': 'Leeds' }, email_sha256: emailSha256('ann@example.com'),
    });
    expect(byId.get('m-page-1')).toMatchObject({
      action: 'Page viewed', action_type: 'pageview', anonymous_id: 'anon-9', user_id: null,
      page: { url: 'https://shop.example/pricing?gclid=Cj0abc', path: '/pricing', title: 'Pricing', referrer: 'https://www.google.com/' },
      utm: { campaign: 'spring-sale', source: 'google', medium: 'cpc' }, click_ids: { gclid: 'Cj0abc' },
      attributes: { name: 'Pricing' }, source: 'google', source_type: 'paid',
    });
    expect(byId.get('m-screen-1')).toMatchObject({ action: 'Screen viewed', action_type: 'screen', attributes: { name: 'Cart', items: 2 } });
    expect(byId.get('m-group-1')).toMatchObject({ action: 'Grouped', action_type: 'group', attributes: { group_id: 'acme' }, traits: { name: 'Acme Ltd', employees: 50 } });
    expect(byId.get('m-alias-1')).toMatchObject({ action: 'Aliased', action_type: 'alias', user_id: 'u-42', attributes: { previous_id: 'anon-9' } });
    for (const row of byId.values()) expect({ valid: lakeRow(row), errors: lakeRow.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it('writes a lone surrogate (half an emoji) as U+FFFD, whole pairs as they are', async () => {
    const body = '{"batch": [{"type": "track", "userId": "u-s", "event": "Cut \\ud83d", "messageId": "m-cut"}, {"type": "track", "userId": "u-s", "event": "Whole \\ud83d\\ude00", "messageId": "m-whole"}]}';
    expect(await (await call('batch', body)).json()).toMatchObject({ accepted: 2 });
    const byId = new Map((await rows()).map((r) => [r.origin?.id, r]));
    expect(byId.get('m-cut').action).toBe('Cut \ufffd');
    expect(byId.get('m-whole').action).toBe('Whole \u{1f600}');
  });

  it('stores escaped, non-ASCII and plain messages of one batch with the strings JSON.parse reads (none copied as raw bytes)', async () => {
    // ASCII bytes whose strings are not ASCII (\u escapes), escaped quotes, raw UTF-8, and plain ASCII beside them
    const body = '{"batch": ['
      + '{"type": "track", "userId": "u-e", "event": "V\\u00e9lo \\"Pro\\"", "messageId": "m-escaped", "properties": {"title": "\\u00dc \\u2028 \\u00bd", "tab": "a\\tb"}, "context": {"page": {"title": "Caf\\u00e9"}}},'
      + '{"type": "track", "userId": "u-e", "event": "Vélo — “Ü” 😀", "messageId": "m-utf8", "properties": {"title": "Ü ½"}, "context": {"page": {"title": "Café 😀", "url": "https://shop.example/é?utm_source=ü"}}},'
      + '{"type": "track", "userId": "u-e", "event": "Plain", "messageId": "m-ascii", "properties": {"title": "Bikes"}, "context": {"page": {"title": "Cafe"}}}'
      + ']}';
    expect(await (await call('batch', body)).json()).toMatchObject({ accepted: 3 });
    // and an escaped message alone: a body that is all ASCII, whose strings are not
    const alone = '{"batch": [{"type": "track", "userId": "u-e", "event": "\\u00c9t\\u00e9", "messageId": "m-escaped-alone", "context": {"page": {"title": "Caf\\u00e9"}}}]}';
    expect(await (await call('batch', alone)).json()).toMatchObject({ accepted: 1 });
    const byId = new Map((await rows()).map((r) => [r.origin?.id, r]));
    const sent = new Map((JSON.parse(body).batch as { messageId: string; event: string; properties: { title: string }; context: { page: { title: string } } }[]).map((m) => [m.messageId, m]));
    for (const id of ['m-escaped', 'm-utf8', 'm-ascii']) {
      const row = byId.get(id);
      const m = sent.get(id)!;
      expect({ id, action: row.action, title: row.attributes.title, page: row.page.title }).toEqual({ id, action: m.event, title: m.properties.title, page: m.context.page.title });
    }
    expect(byId.get('m-escaped').action).toBe('Vélo "Pro"');
    expect({ action: byId.get('m-escaped-alone').action, page: byId.get('m-escaped-alone').page }).toEqual({ action: 'Été', page: { title: 'Café' } });
    expect(byId.get('m-escaped').attributes.tab).toBe('a\tb');
    expect(byId.get('m-utf8').utm).toEqual({ source: 'ü' });
  });

  it('stores a retry of the same messageId once: sent again, and re-sent by the library after a lost answer', async () => {
    const analytics = library({ flushAt: 1 });
    analytics.track({ userId: 'u-1', event: 'Signed Up', messageId: 'm-retry-1' });
    analytics.track({ userId: 'u-1', event: 'Signed Up', messageId: 'm-retry-1' });
    await analytics.closeAndFlush();

    // a proxy that forwards the first request and then drops its connection: the collector stored
    // it, the library never saw the answer, and sends the same batch again
    let forwarded = 0;
    const proxy = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const upstream = await fetch(`${h.url}${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) as unknown as string });
        const text = await upstream.text();
        if (forwarded++ === 0) return req.socket.destroy();
        res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(text);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const flaky = library({ flushAt: 1, host: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
      const failures: unknown[] = [];
      flaky.on('error', (e) => failures.push(e));
      flaky.track({ userId: 'u-1', event: 'Paid', properties: { amount: 5 } }); // the library's own messageId
      await flaky.closeAndFlush();
      expect(failures).toEqual([]);
      expect(forwarded).toBe(2);
    } finally {
      proxy.close();
    }
    const all = await rows();
    expect(all.filter((r) => r.origin?.id === 'm-retry-1')).toHaveLength(1);
    expect(all.filter((r) => r.action === 'Paid')).toHaveLength(1);
    expect(await metricValue(h.url, 'actionlake_events_duplicate_total')).toBeGreaterThanOrEqual(2);
  });

  it('answers 401 to a wrong or missing write key, by header or in the body, and stores nothing', async () => {
    const before = (await rows()).length;
    const analytics = library({ writeKey: 'wk_wrong_key_1', flushAt: 1 });
    const statuses: number[] = [];
    analytics.on('http_response', (r) => statuses.push(r.status));
    analytics.track({ userId: 'u-1', event: 'Nope' });
    await analytics.closeAndFlush();
    expect(statuses).toEqual([401]);
    const wrong = await call('track', { userId: 'u', event: 'x' }, { authorization: basic('nope') });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'unknown write key' });
    const missing = await call('track', { userId: 'u', event: 'x' }, {});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'no write key: send it as HTTP Basic "KEY:" or as "writeKey" in the body' });
    expect((await call('batch', { writeKey: 'nope', batch: [{ type: 'track', userId: 'u', event: 'x' }] }, {})).status).toBe(401);
    expect((await rows()).length).toBe(before);
  });

  it('takes the key in the body, or as Basic without the colon; a batch on /v1/batch beside sdk.js bodies', async () => {
    expect((await call('track', { writeKey: WRITE_KEY, userId: 'u-b', event: 'Body key', messageId: 'm-body-key' }, {})).status).toBe(200);
    const noColon = `Basic ${Buffer.from(WRITE_KEY).toString('base64')}`;
    expect((await call('track', { userId: 'u-b', event: 'No colon', messageId: 'm-no-colon' }, { authorization: noColon })).status).toBe(200);
    // a Segment batch with its key in the body goes through the page's /v1/batch handler first
    const res = await call('batch', {
      writeKey: OTHER_KEY, sentAt: new Date().toISOString(), context: { ip: '81.2.69.160', library: { name: 'curl' } },
      batch: [
        { type: 'identify', userId: 'c-1', traits: { email: 'c1@example.com' }, messageId: 'm-crm-1' },
        { type: 'track', userId: 'c-1', event: 'Deal Won', properties: { value: 1200 }, messageId: 'm-crm-2', context: { userAgent: IPHONE } },
      ],
    }, {});
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true, accepted: 2, rejected: 0, errors: [] });
    const all = await rows();
    const byId = new Map(all.map((r) => [r.origin?.id, r]));
    expect(byId.get('m-body-key')).toMatchObject({ action: 'Body key' });
    expect(byId.get('m-no-colon')).toMatchObject({ action: 'No colon' });
    // the batch's context (ip) merged into each message, the message's own (userAgent) kept
    expect(byId.get('m-crm-1')).toMatchObject({ site_id: 'crm-site', origin: { source_id: 'crm' }, geo: { city: 'London' }, email_sha256: emailSha256('c1@example.com') });
    expect(byId.get('m-crm-2')).toMatchObject({ site_id: 'crm-site', geo: { city: 'London' }, ua: { os: { name: 'iOS' } } });
  });

  it('keeps timestamp as sent, and corrects originalTimestamp by the sender\'s clock skew (sentAt)', async () => {
    const sentAt = new Date(Date.now() + 3_600_000); // the sender's clock runs an hour fast
    const original = new Date(sentAt.getTime() - 10_000); // the event happened 10 s before it was sent
    expect((await call('track', { userId: 'u-t', event: 'Skewed', messageId: 'm-skew', originalTimestamp: original.toISOString(), sentAt: sentAt.toISOString() })).status).toBe(200);
    expect((await call('track', { userId: 'u-t', event: 'Historic', messageId: 'm-historic', timestamp: '2021-03-04T05:06:07+02:00', sentAt: sentAt.toISOString() })).status).toBe(200);
    const byId = new Map((await rows()).map((r) => [r.origin?.id, r]));
    const skewed = byId.get('m-skew');
    expect(skewed.triggered_at).toBe(original.toISOString());
    expect(Date.parse(skewed.received_at) - Date.parse(skewed.occurred_at)).toBe(10_000);
    expect(byId.get('m-historic')).toMatchObject({ triggered_at: '2021-03-04T05:06:07+02:00', occurred_at: '2021-03-04T03:06:07.000Z' });
  });

  it('refuses a message without userId or anonymousId (400 for a call, an error of the batch), kept as a bad row', async () => {
    const single = await call('track', { event: 'Orphan', messageId: 'm-orphan' });
    expect(single.status).toBe(400);
    expect(await single.json()).toEqual({ error: 'userId or anonymousId is required (no_user_anon_id)' });
    const batch = await call('batch', { batch: [{ type: 'track', event: 'Orphan 2' }, { type: 'track', userId: 'u', event: 'Fine', messageId: 'm-fine' }, { type: 'jump', userId: 'u' }, { type: 'track', userId: 'u' }] });
    expect(await batch.json()).toEqual({
      success: true, accepted: 1, rejected: 3,
      errors: [
        { index: 0, reason: 'batch[0]: userId or anonymousId is required (no_user_anon_id)' },
        { index: 2, reason: 'batch[2]: type must be one of track, identify, page, screen, group, alias, got "jump"' },
        { index: 3, reason: 'batch[3]: track needs "event", the name of what happened' },
      ],
    });
    const kept = (await bad()).filter((b) => b.key.startsWith('bad/site_id=shop/'));
    expect(kept.find((b) => b.row.payload?.event === 'Orphan')?.row.reason).toBe('userId or anonymousId is required (no_user_anon_id)');
    expect(kept.find((b) => b.row.payload?.event === 'Orphan 2')?.row.reason).toBe('batch[0]: userId or anonymousId is required (no_user_anon_id)');
  });

  it('takes SERVER_MAX_CALL_BYTES, SERVER_MAX_BATCH_BYTES and SERVER_MAX_BATCH_EVENTS exactly and answers 413 just over each', async () => {
    const padded = (size: number, body: Record<string, unknown>) => {
      const json = JSON.stringify(body);
      return json.replace(/}$/, `,"pad":"${'x'.repeat(size - Buffer.byteLength(json) - 9)}"}`);
    };
    const one = padded(CALL_LIMIT, { userId: 'u-l', event: 'Limit', messageId: 'm-call-limit' });
    expect(Buffer.byteLength(one)).toBe(CALL_LIMIT);
    expect((await call('track', one)).status).toBe(200);
    const over = await call('track', `${one} `);
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: `body is larger than ${CALL_LIMIT} bytes (SERVER_MAX_CALL_BYTES)` });

    const batch = padded(BATCH_LIMIT, { batch: [{ type: 'track', userId: 'u-l', event: 'In batch', messageId: 'm-batch-limit' }] });
    expect((await call('batch', batch)).status).toBe(200);
    const overBatch = await call('batch', `${batch} `);
    expect(overBatch.status).toBe(413);
    expect(await overBatch.json()).toEqual({ error: `body is larger than ${BATCH_LIMIT} bytes (SERVER_MAX_BATCH_BYTES)` });

    const msg = (i: number) => ({ type: 'track', userId: 'u-n', event: 'Counted', messageId: `m-count-${i}` });
    const count = (n: number) => Array.from({ length: n }, (_, i) => msg(i));
    expect(await (await call('batch', { batch: count(BATCH_EVENTS) })).json()).toMatchObject({ accepted: BATCH_EVENTS });
    const tooMany = await call('batch', { batch: count(BATCH_EVENTS + 1) });
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toEqual({ error: `batch has ${BATCH_EVENTS + 1} messages; the limit is ${BATCH_EVENTS} (SERVER_MAX_BATCH_EVENTS)` });

    // one message over the call limit inside a batch within its own: that message is refused, the rest stored
    const big = { type: 'track', userId: 'u-l', event: 'Big', messageId: 'm-big', properties: { blob: 'y'.repeat(CALL_LIMIT) } };
    const mixed = await call('batch', { batch: [big, msg(99)] });
    const answer = await mixed.json();
    expect(answer).toMatchObject({ accepted: 1, rejected: 1 });
    expect(answer.errors[0].reason).toMatch(/^batch\[0\]: message is \d+ bytes; the limit is 2000 \(SERVER_MAX_CALL_BYTES\)$/);
    const all = await rows();
    expect(all.some((r) => r.origin?.id === 'm-count-99')).toBe(true);
    expect(all.some((r) => r.origin?.id === 'm-big')).toBe(false);
    expect((await bad()).some((b) => b.row.reason === `batch has ${BATCH_EVENTS + 1} messages; the limit is ${BATCH_EVENTS} (SERVER_MAX_BATCH_EVENTS)`)).toBe(true);
  });

  it('answers 400 to a body that is not JSON, kept as a bad row of the key\'s site', async () => {
    const res = await call('identify', '{"userId": "u", "traits": {');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^body is not valid JSON/);
    expect((await bad()).find((b) => b.row.payload === '{"userId": "u", "traits": {')?.key).toMatch(/^bad\/site_id=shop\//);
  });

  it('never stores a write key, even from a refused body that carried it', async () => {
    await call('track', `{"writeKey": "${WRITE_KEY}", "userId": `, {}); // not JSON, the key in it: 401, nothing known
    await call('track', `{"writeKey": "${WRITE_KEY}", "userId": `); // not JSON, key by header too: a bad row
    await call('track', { writeKey: WRITE_KEY, event: 'No user' }, {}); // a refused message with the key in it
    await call('batch', { writeKey: WRITE_KEY, batch: Array.from({ length: BATCH_EVENTS + 1 }, () => ({ type: 'track' })) }, {}); // too many
    await h.collector.flush();
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/actionlake_source_requests_total\{route="server",kind="server",status="200"\} \d+/);
    const lake = allText(h.lakeDir);
    expect(lake).toContain('[write_key]');
    expect(lake).toContain('No user');
    for (const key of [WRITE_KEY, OTHER_KEY]) {
      expect({ key, lake: lake.includes(key), logs: logs.join('').includes(key), metrics: metrics.includes(key) }).toEqual({ key, lake: false, logs: false, metrics: false });
    }
  });
});
