/**
 * POST /v1/hooks/:source on a real port, with a tiny test adapter (support/sources.ts): the route's
 * order (source, kind, adapter, limit, signature on raw bytes, parse), the common path's rows
 * (origin, email_sha256, event_id per vendor id, the vendor's time, enrichment, the site's
 * partitions), SOURCES_FILE read again without a restart, and no secret anywhere it must not be.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import pino from 'pino';
import { emailSha256, sourceEventId } from '@actionlake/schema/node';
import { encodeSuppressed, hashId, suppressedKey } from '../src/suppress/file';
import { lakeRows, metricValue, start, tempDir, waitFor, type Harness } from './support/harness';
import { allText, sign, testAdapter, writeSources, type TestHookEvent } from './support/sources';

const SECRET = 'mc-url-secret-7f3a9c';
const ROTATED = 'mc-url-secret-rotated-41d2';
const WRITE_KEY = 'wk_live_8d0f6b2e';
const STRIPE_SECRET = 'whsec_test_5e1c0a';
const SHOP_SECRET = 'shpss_0b7e44c1';
const SECRETS = [SECRET, ROTATED, WRITE_KEY, STRIPE_SECRET, SHOP_SECRET];
const LIMIT = 2_000;

const schema = JSON.parse(fs.readFileSync(require.resolve('@actionlake/schema/lake-row.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
ajv.addSchema(schema);
const lakeRow = ajv.getSchema(schema.$id)!;

const SOURCES = (secret: string) => [
  { id: 'news', kind: 'mailchimp', site: 'shop', secret },
  { id: 'pay', kind: 'stripe', site: 'shop', secret: STRIPE_SECRET },
  { id: 'backend', kind: 'server', site: 'shop', write_key: WRITE_KEY },
  { id: 'orders', kind: 'shopify', site: 'shop', secret: SHOP_SECRET },
];

describe('POST /v1/hooks/:source', () => {
  let h: Harness;
  let root: string;
  let file: string;
  const logs: string[] = [];
  let secret = SECRET;

  const deliver = (id: string, body: string | Buffer, headers: Record<string, string> = {}, key = secret) =>
    fetch(`${h.url}/v1/hooks/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-signature': sign(key, body), ...headers }, body: body as string });
  const events = (list: TestHookEvent[]) => JSON.stringify({ events: list });
  const rowsOf = async () => {
    await h.collector.flush();
    return { rows: lakeRows(h.lakeDir, 'events/'), bad: lakeRows(h.lakeDir, 'bad/') };
  };

  beforeAll(async () => {
    root = tempDir('hooks');
    file = writeSources(root, SOURCES(SECRET));
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
    h = await start(
      { sourcesFile: file, sourcesPollMs: 50, hookMaxBodyBytes: LIMIT, collectorId: 'hooks', suppressedCacheMs: 0 },
      {
        root,
        logger,
        geo: (ip) => (ip === '81.2.69.160' ? { country: 'GB', region: 'ENG', city: 'London', continent: 'EU', timezone: 'Europe/London', latitude: 51.5, longitude: -0.1 } : null),
        webhookAdapters: new Map([['mailchimp', testAdapter('mailchimp')], ['stripe', testAdapter('stripe', false)]]),
      },
    );
  });
  afterAll(() => h.stop());

  it('stores a signed delivery as rows of the source, durable before the 200', async () => {
    const body = events([
      { id: 'ev-open-1', type: 'open', at: '2026-11-20T10:00:00.000Z', email: ' Jane.Doe@Example.COM ', ip: '81.2.69.160', ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' },
      { id: 'ev-click-1', type: 'click', at: '2026-11-20T10:01:00Z', email: 'jane.doe@example.com', url: 'https://shop.example/sale?utm_source=newsletter&utm_medium=email&utm_campaign=black-friday', anonymous_id: 'anon-42' },
    ]);
    const res = await deliver('news', body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, rejected: 0, errors: [] });
    // durable before the answer: both rows are in the spool's files already
    const spooled = fs.readdirSync(h.spoolDir).filter((f) => f.endsWith('.ndjson')).map((f) => fs.readFileSync(path.join(h.spoolDir, f), 'utf8')).join('');
    const openId = sourceEventId('news', 'ev-open-1');
    const clickId = sourceEventId('news', 'ev-click-1');
    expect(spooled).toContain(openId);
    expect(spooled).toContain(clickId);

    const { rows } = await rowsOf();
    const open = rows.find((r) => r.row.event_id === openId)!;
    const click = rows.find((r) => r.row.event_id === clickId)!;
    expect(open.key).toMatch(/^events\/site_id=shop\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/hooks-/);
    expect(open.row).toMatchObject({
      site_id: 'shop', action: 'Email opened', action_type: 'custom',
      origin: { kind: 'mailchimp', source_id: 'news', id: 'ev-open-1', event: 'open' },
      email_sha256: emailSha256('jane.doe@example.com'),
      triggered_at: '2026-11-20T10:00:00.000Z', occurred_at: '2026-11-20T10:00:00.000Z',
      ip: '81.2.69.0', geo: { city: 'London' }, ua: { os: { name: 'iOS' } }, bot: { is_bot: false },
      source_type: 'direct', schema_version: '1-2-0', collector_id: 'hooks',
    });
    expect(open.row).not.toHaveProperty('anonymous_id');
    expect(open.row).not.toHaveProperty('session_id');
    expect(JSON.stringify(open.row)).not.toMatch(/jane/i); // the address is kept only as its hash
    expect(click.row).toMatchObject({ anonymous_id: 'anon-42', source: 'newsletter', source_type: 'email', utm: { campaign: 'black-friday' }, occurred_at: '2026-11-20T10:01:00.000Z', ip: null, geo: null });
    for (const { row } of [open, click]) expect({ valid: lakeRow(row), errors: lakeRow.errors ?? null }).toEqual({ valid: true, errors: null });
  });

  it('stores a redelivery of the same vendor event once', async () => {
    const body = events([{ id: 'ev-open-2', type: 'open', at: '2026-11-20T11:00:00Z', email: 'a@example.com' }]);
    for (let i = 0; i < 3; i++) expect((await deliver('news', body)).status).toBe(200);
    // a retry may carry another body (another batch of the vendor's) and still be the same event
    expect((await deliver('news', events([{ id: 'ev-open-2', type: 'open', at: '2026-11-20T11:00:00Z' }, { id: 'ev-open-3', type: 'open', at: '2026-11-20T11:00:01Z' }]))).status).toBe(200);
    const { rows } = await rowsOf();
    expect(rows.filter((r) => r.row.origin?.id === 'ev-open-2')).toHaveLength(1);
    expect(rows.filter((r) => r.row.origin?.id === 'ev-open-3')).toHaveLength(1);
  });

  it('reads the raw bytes before anything parses them: a signature over odd spacing and escapes holds', async () => {
    const body = Buffer.from('{ "events" :[\n\t{"type":"open","id":"ev-raw-1","at":"2026-11-20T12:00:00Z","email":"\\u006aane@example.com" }  ]}\r\n');
    const res = await deliver('news', body);
    expect(res.status).toBe(200);
    const { rows } = await rowsOf();
    expect(rows.find((r) => r.row.origin?.id === 'ev-raw-1')!.row.email_sha256).toBe(emailSha256('jane@example.com'));
  });

  it('answers 401 to a bad signature and stores nothing', async () => {
    const before = await rowsOf();
    const body = events([{ id: 'ev-forged', type: 'open', at: '2026-11-20T10:00:00Z' }]);
    const res = await deliver('news', body, {}, 'not-the-secret');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'x-test-signature does not match the body' });
    const after = await rowsOf();
    expect(after.rows).toHaveLength(before.rows.length);
    expect(after.bad).toHaveLength(before.bad.length);
  });

  it('names what is wrong with the URL: unknown source 404, another kind 400, no adapter 501, other methods 405', async () => {
    const unknown = await deliver('nobody', '{}');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toBe('unknown source "nobody": no entry of SOURCES_FILE has this id');
    const server = await deliver('backend', '{}');
    expect(server.status).toBe(400);
    expect((await server.json()).error).toMatch(/^source "backend" is a server source, not a webhook: its events go to \/v1\/track/);
    const shop = await deliver('orders', '{}');
    expect(shop.status).toBe(501);
    expect((await shop.json()).error).toBe('this collector has no webhook adapter for shopify sources');
    const put = await fetch(`${h.url}/v1/hooks/news`, { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
  });

  it('answers GET where the adapter asks for it (a URL check), after the same verify; 405 elsewhere', async () => {
    expect((await fetch(`${h.url}/v1/hooks/news?secret=${secret}`)).status).toBe(200);
    expect((await fetch(`${h.url}/v1/hooks/news?secret=wrong`)).status).toBe(401);
    const stripe = await fetch(`${h.url}/v1/hooks/pay`);
    expect(stripe.status).toBe(405);
    expect(stripe.headers.get('allow')).toBe('POST');
  });

  it('takes a body of exactly HOOK_MAX_BODY_BYTES and answers 413 to one byte more, before verifying it', async () => {
    const json = events([{ id: 'ev-limit', type: 'open', at: '2026-11-20T10:00:00Z' }]);
    const exact = json + ' '.repeat(LIMIT - Buffer.byteLength(json));
    expect((await deliver('news', exact)).status).toBe(200);
    const over = await deliver('news', `${exact} `);
    expect(over.status).toBe(413);
    expect((await over.json()).error).toBe(`body is larger than ${LIMIT} bytes (HOOK_MAX_BODY_BYTES)`);
  });

  it('keeps a body the adapter cannot read as a bad row of the source\'s site, with a 400', async () => {
    const res = await deliver('news', '{"events": [ {"id": "x"');
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^not a mailchimp webhook body: malformed JSON/);
    const { bad } = await rowsOf();
    const row = bad.find((b) => b.row.payload === '{"events": [ {"id": "x"')!;
    expect(row.key).toMatch(/^bad\/site_id=shop\//);
    expect(row.row.reason).toMatch(/malformed JSON/);
  });

  it('makes a bad row of each event it cannot store, with its reason, and stores the others', async () => {
    const res = await deliver('news', events([
      { type: 'open', at: '2026-11-20T10:00:00Z' },
      { id: 'ev-bad-time', type: 'open', at: 'yesterday' },
      { id: 'ev-long-action', type: 'open', at: '2026-11-20T10:00:00Z', action: 'x'.repeat(201) },
      { id: 'ev-good', type: 'open', at: '2026-11-20T10:00:00Z' },
    ]));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ accepted: 1, rejected: 3 });
    expect(body.errors).toEqual([
      { index: 0, reason: "events[0]: vendor_id (the app's own id of the event) is missing" },
      { index: 1, reason: 'events[1]: occurred_at "yesterday" is not an ISO-8601 time' },
      { index: 2, reason: 'events[2].action must NOT have more than 200 characters' },
    ]);
    const { rows, bad } = await rowsOf();
    expect(rows.some((r) => r.row.origin?.id === 'ev-good')).toBe(true);
    const refused = bad.filter((b) => /^events\[[012]\]/.test(b.row.reason));
    expect(refused.map((b) => b.key.split('/')[1])).toEqual(['site_id=shop', 'site_id=shop', 'site_id=shop']);
    expect(refused.find((b) => b.row.payload.origin?.id === 'ev-bad-time')).toBeDefined();
  });

  it("stores nothing of an erased person's address, nor of their anonymous_id (contract §8)", async () => {
    const key = path.join(h.lakeDir, suppressedKey('shop'));
    fs.mkdirSync(path.dirname(key), { recursive: true });
    fs.writeFileSync(key, encodeSuppressed([hashId(emailSha256('gone@example.com')!), hashId('anon-gone')]));
    try {
      const res = await deliver('news', events([
        { id: 'ev-erased-1', type: 'open', at: '2026-11-20T10:00:00Z', email: 'Gone@Example.com' },
        { id: 'ev-erased-2', type: 'open', at: '2026-11-20T10:00:00Z', anonymous_id: 'anon-gone' },
        { id: 'ev-kept', type: 'open', at: '2026-11-20T10:00:00Z', email: 'stays@example.com' },
      ]));
      expect(await res.json()).toEqual({ accepted: 3, rejected: 0, errors: [] });
      const { rows } = await rowsOf();
      expect(rows.filter((r) => /^ev-(erased|kept)/.test(r.row.origin?.id)).map((r) => r.row.origin.id)).toEqual(['ev-kept']);
    } finally {
      fs.rmSync(key);
    }
  });

  it('reads SOURCES_FILE again when it changes: a rotated secret holds at once, an invalid file changes nothing', async () => {
    writeSources(root, SOURCES(ROTATED));
    const body = events([{ id: 'ev-rotated', type: 'open', at: '2026-11-20T10:00:00Z' }]);
    const status = await waitFor(async () => (await deliver('news', body, {}, ROTATED)).status, (s) => s === 200, 5_000);
    expect(status).toBe(200);
    secret = ROTATED;
    expect((await deliver('news', body, {}, SECRET)).status).toBe(401);

    // an invalid file (a typo in a kind, the secret beside it) keeps the sources as they were
    fs.writeFileSync(file, JSON.stringify([{ id: 'news', kind: 'mailchimpp', site: 'shop', secret: SECRET }]));
    await waitFor(() => logs.join(''), (l) => l.includes('SOURCES_FILE is invalid'), 5_000);
    expect(logs.join('')).toContain('sources[0] (id \\"news\\"): kind must be one of server, sendgrid, mailgun, mailchimp, shopify, stripe, import, got \\"mailchimpp\\"');
    expect((await deliver('news', body, {}, ROTATED)).status).toBe(200);
    expect(await metricValue(h.url, 'actionlake_sources_file_errors_total')).toBeGreaterThanOrEqual(1);
    expect(await metricValue(h.url, 'actionlake_sources')).toBe(4);
    writeSources(root, SOURCES(ROTATED));
  });

  it('never writes a secret to the lake, the spool, the logs or /metrics', async () => {
    // a failed signature with the secret as a header, a wrong write key's source, and a GET with the secret in the URL
    await deliver('news', events([{ id: 'ev-leak', type: 'open', at: '2026-11-20T10:00:00Z' }]), { 'x-note': SECRET }, 'nope');
    await fetch(`${h.url}/v1/hooks/news?secret=${ROTATED}`);
    await h.collector.flush();
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toMatch(/actionlake_source_requests_total\{route="hooks",kind="mailchimp",status="200"\} \d+/);
    const lake = allText(h.lakeDir);
    const spool = allText(h.spoolDir);
    expect(lake).toContain('ev-open-1'); // the lake was read
    expect(logs.length).toBeGreaterThan(2);
    for (const s of SECRETS) {
      expect({ secret: s, lake: lake.includes(s), spool: spool.includes(s), logs: logs.join('').includes(s), metrics: metrics.includes(s) })
        .toEqual({ secret: s, lake: false, spool: false, logs: false, metrics: false });
    }
  });
});
