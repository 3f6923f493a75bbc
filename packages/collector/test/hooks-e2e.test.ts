/**
 * The vendors' webhooks end to end: the real collector process (dist/server.js) on a real port
 * with a SOURCES_FILE, each vendor's published payload signed by its own scheme, then SIGTERM (the
 * spool flushed) and the lake read back; a redelivery after the collector's dedup window is one row
 * once `actionlake compact` (the analyst's bin) has run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { lakeRows, tempDir, waitFor } from './support/harness';
import {
  fixtureJson, fixtureText, mailgunBody, sendgridBody, sendgridHeaders, sendgridKeys, shopifyHeaders, stripeEvent, stripeHeader,
} from './support/webhooks';

jest.setTimeout(120_000);

const SERVER = path.resolve(__dirname, '../dist/server.js');
const ACTIONLAKE = path.resolve(__dirname, '../../analyst/bin/actionlake.js');
const SECRET = { stripe: 'whsec_e2e_actionlake', shopify: 'shpss_e2e_actionlake', mailgun: 'key-e2e-actionlake', mailchimp: 'url-secret-e2e-actionlake' };
const keys = sendgridKeys();
const SOURCES = [
  { id: 'payments', kind: 'stripe', site: 'shop', secret: SECRET.stripe },
  { id: 'orders', kind: 'shopify', site: 'shop', secret: SECRET.shopify },
  { id: 'newsletter', kind: 'sendgrid', site: 'shop', public_key: keys.publicKey },
  { id: 'mailgun', kind: 'mailgun', site: 'shop', secret: SECRET.mailgun },
  { id: 'audience', kind: 'mailchimp', site: 'shop', secret: SECRET.mailchimp },
];
const HOOK_MAX_BODY_BYTES = 65_536;
const sha = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Running { proc: ChildProcess; url: string; output: () => string }

async function startServer(root: string, extra: Record<string, string> = {}): Promise<Running> {
  const sourcesFile = path.join(root, 'sources.json');
  fs.writeFileSync(sourcesFile, JSON.stringify(SOURCES));
  const port = await freePort();
  const proc = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env, WORKERS: '1', PORT: String(port), HOST: '127.0.0.1', GEOIP: '0', DEMO_DIR: '', LOG_LEVEL: 'info', COLLECTOR_ID: 'hooks',
      LAKE_DIR: path.join(root, 'lake'), SPOOL_DIR: path.join(root, 'spool'), FLUSH_INTERVAL_MS: '600000', SOURCES_FILE: sourcesFile,
      HOOK_MAX_BODY_BYTES: String(HOOK_MAX_BODY_BYTES), ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  await waitFor(() => out.includes('collector listening'), (ok) => ok, 60_000);
  return { proc, url: `http://127.0.0.1:${port}`, output: () => out };
}

async function stop(r: Running): Promise<void> {
  r.proc.kill('SIGTERM');
  const code = await new Promise<number | null>((res) => (r.proc.exitCode !== null ? res(r.proc.exitCode) : r.proc.on('exit', res)));
  if (code !== 0) throw new Error(`collector exited ${code}:\n${r.output()}`);
}

const post = (url: string, body: string | Buffer, headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });

// the deliveries, each as the vendor sends it
const nowS = () => Math.floor(Date.now() / 1000);
const completed = { status: 'complete', payment_status: 'paid', amount_subtotal: 500000, amount_total: 500000, currency: 'jpy', client_reference_id: 'anon-web-1', customer_details: { email: 'Jon@Example.com', address: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null } };
const stripeOrder = stripeEvent('checkout.session.completed', 'checkout.session', completed, { id: 'evt_e2e_order', created: Math.floor(Date.now() / 1000) - 60 });
const stripe = (url: string, body = stripeOrder, secret = SECRET.stripe) =>
  post(`${url}/v1/hooks/payments`, body, { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': stripeHeader(body, secret, nowS()) });
const ORDER = fixtureText('shopify/orders-create.json')
  .replace('"landing_site":null', '"landing_site":"/?utm_source=listmonk&utm_medium=email&utm_campaign=50OFF1"')
  .replace('"note_attributes":[]', '"note_attributes":[{"name":"actionlake_anonymous_id","value":"anon-web-1"}]');
const shopify = (url: string, body = ORDER, topic = 'orders/create', id = 'e2e-webhook-1') => post(`${url}/v1/hooks/orders`, body, shopifyHeaders(body, SECRET.shopify, topic, id));
const sample = fixtureJson<Record<string, unknown>[]>('sendgrid/event-sample.json');
const sendgrid = (url: string, events: unknown[] = sample) => {
  const body = sendgridBody(events);
  return post(`${url}/v1/hooks/newsletter`, body, { 'content-type': 'application/json', ...sendgridHeaders(keys, body, nowS()) });
};
const mailgunEvents = fixtureJson<Record<string, any>>('mailgun/event-data.json');
const mailgun = (url: string, eventData: unknown) => {
  const sig = { timestamp: String(nowS()), token: 'e'.repeat(50) };
  return post(`${url}/v1/hooks/mailgun`, mailgunBody(eventData, SECRET.mailgun, sig), { 'content-type': 'application/json' });
};
const mailchimp = (url: string, body: string, secret = SECRET.mailchimp) =>
  post(`${url}/v1/hooks/audience?secret=${encodeURIComponent(secret)}`, body, { 'content-type': 'application/x-www-form-urlencoded' });

describe('webhooks through the real collector into a local lake', () => {
  let root: string;
  beforeAll(() => {
    for (const built of [SERVER, ACTIONLAKE]) if (!fs.existsSync(built)) throw new Error(`${built} is missing: npm run build first`);
  });
  beforeEach(() => (root = tempDir('hooks-e2e')));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("each vendor's real payload lands as rows of the site with origin, email_sha256 and the action names of §10", async () => {
    const r = await startServer(root);
    const answers: Record<string, number> = {};
    try {
      answers.stripe = (await stripe(r.url)).status;
      answers.shopify = (await shopify(r.url)).status;
      answers.shopifyRefund = (await shopify(r.url, fixtureText('shopify/refunds-create.json'), 'refunds/create', 'e2e-refund-1')).status;
      answers.sendgrid = (await sendgrid(r.url)).status;
      answers.mailgun = (await mailgun(r.url, { ...mailgunEvents.clicked, recipient: 'jon@example.com', url: 'https://shop.example/?utm_source=mailgun&utm_medium=email&utm_campaign=june' })).status;
      answers.mailchimp = (await mailchimp(r.url, fixtureText('mailchimp/subscribe.form'))).status;
      answers.mailchimpGet = (await fetch(`${r.url}/v1/hooks/audience?secret=${SECRET.mailchimp}`)).status;
    } finally {
      await stop(r);
    }
    expect(answers).toEqual({ stripe: 200, shopify: 200, shopifyRefund: 200, sendgrid: 200, mailgun: 200, mailchimp: 200, mailchimpGet: 200 });

    const rows = lakeRows(path.join(root, 'lake'), 'events/');
    for (const { key } of rows) expect(key).toMatch(/^events\/site_id=shop\/dt=\d{4}-\d\d-\d\d\/hour=\d\d\//);
    const by = (source: string) => rows.map((x) => x.row).filter((row) => row.origin?.source_id === source);

    const [order] = by('payments');
    expect(order).toMatchObject({
      action: 'Order completed', site_id: 'shop', anonymous_id: 'anon-web-1', email_sha256: sha('jon@example.com'),
      origin: { kind: 'stripe', source_id: 'payments' },
      attributes: { revenue: 500000, currency: 'JPY', order_id: 'cs_test_a1YS1URlnyQCN5fUUduORoQ7Pw41PJqDWkIVQCpJPqkfIhd6tVY8XB1OLY' },
    });
    expect(JSON.stringify(order)).not.toMatch(/jon@example\.com/i);

    const shop = by('orders');
    expect(shop.map((x) => x.action).sort()).toEqual(['Order completed', 'Payment refunded']);
    const shopOrder = shop.find((x) => x.action === 'Order completed');
    expect(shopOrder).toMatchObject({
      anonymous_id: 'anon-web-1', email_sha256: sha('jon@example.com'), origin: { kind: 'shopify', source_id: 'orders' },
      utm: { source: 'listmonk', medium: 'email', campaign: '50OFF1' }, source: 'listmonk', source_type: 'email',
      attributes: { order_id: '820982911946154508', revenue: 1575.9, currency: 'USD' },
      // net of the sample's $20 discount (hooks-shopify.test.ts)
      products: [expect.objectContaining({ id: '9313716535612', price: 874.78, quantity: 1 }), expect.objectContaining({ id: '9313716601148', price: 691.12 })],
      traits: { shopify_customer_id: '115310627314723954' },
    });
    expect(shopOrder.occurred_at).toBe('2024-06-26T16:33:21.000Z');

    const mail = by('newsletter');
    expect(mail).toHaveLength(11);
    expect(mail.map((x) => x.action)).toEqual(expect.arrayContaining(['Email delivered', 'Email opened', 'Email clicked', 'Email bounced', 'Email marked as spam', 'Email unsubscribed', 'Contact subscribed', 'processed', 'deferred', 'dropped']));
    for (const row of mail) expect(row).toMatchObject({ email_sha256: sha('example@test.com'), origin: { kind: 'sendgrid', source_id: 'newsletter' }, attributes: expect.objectContaining({ category: 'cat facts' }) });

    expect(by('mailgun')).toEqual([expect.objectContaining({
      action: 'Email clicked', email_sha256: sha('jon@example.com'), utm: { source: 'mailgun', medium: 'email', campaign: 'june' },
      attributes: expect.objectContaining({ url: 'https://shop.example/?utm_source=mailgun&utm_medium=email&utm_campaign=june' }),
    })]);
    expect(by('audience')).toEqual([expect.objectContaining({ action: 'Contact subscribed', email_sha256: sha('agentsmith@snowplowtest.com'), traits: { first_name: 'Agent', last_name: 'Smith' } })]);

    if (process.env.WEBHOOK_ROWS_OUT) {
      fs.writeFileSync(process.env.WEBHOOK_ROWS_OUT, JSON.stringify({ stripe: order, shopify: shopOrder, sendgrid: mail.find((x) => x.action === 'Email clicked'), mailgun: by('mailgun')[0], mailchimp: by('audience')[0] }, null, 2));
    }
  });

  it('a bad signature is 401 and stores nothing; malformed bodies are 400 and bad rows; oversize is 413; unknown types are rows', async () => {
    const r = await startServer(root);
    const answers: Record<string, [number, string]> = {};
    const answer = async (name: string, res: Promise<Response>) => {
      const got = await res;
      answers[name] = [got.status, ((await got.json()) as { error?: string }).error ?? ''];
    };
    try {
      await answer('stripe wrong secret', stripe(r.url, stripeOrder, 'whsec_not_the_one'));
      await answer('stripe 6 minutes old', post(`${r.url}/v1/hooks/payments`, stripeOrder, { 'stripe-signature': stripeHeader(stripeOrder, SECRET.stripe, nowS() - 360) }));
      await answer('shopify tampered', post(`${r.url}/v1/hooks/orders`, ORDER.replace('1575.90', '1.00'), shopifyHeaders(ORDER, SECRET.shopify, 'orders/create', 'x')));
      await answer('sendgrid other key', post(`${r.url}/v1/hooks/newsletter`, sendgridBody(sample), sendgridHeaders(sendgridKeys(), sendgridBody(sample), nowS())));
      await answer('mailchimp wrong secret', mailchimp(r.url, fixtureText('mailchimp/subscribe.form'), 'guess'));
      await answer('mailgun malformed', post(`${r.url}/v1/hooks/mailgun`, '{"signature":', { 'content-type': 'application/json' }));
      await answer('stripe malformed', stripe(r.url, '{"id":"evt_broken",'));
      await answer('mailchimp no type', mailchimp(r.url, 'fired_at=2014-10-22+13%3A10%3A40'));
      await answer('oversize', post(`${r.url}/v1/hooks/payments`, Buffer.alloc(HOOK_MAX_BODY_BYTES + 1, 0x20), { 'stripe-signature': 't=1,v1=00' }));
      await answer('at the limit', post(`${r.url}/v1/hooks/payments`, Buffer.alloc(HOOK_MAX_BODY_BYTES, 0x20), { 'stripe-signature': 't=1,v1=00' }));
      await answer('stripe unknown type', stripe(r.url, JSON.stringify(fixtureJson('stripe/fixtures3-resources.json').event)));
      await answer('shopify unknown topic', shopify(r.url, ORDER, 'orders/updated', 'e2e-updated-1'));
    } finally {
      await stop(r);
    }
    expect(answers).toEqual({
      'stripe wrong secret': [401, 'bad signature'],
      'stripe 6 minutes old': [401, expect.stringMatching(/^stale timestamp: more than 300 s/)],
      'shopify tampered': [401, 'bad signature'],
      'sendgrid other key': [401, 'bad signature'],
      'mailchimp wrong secret': [401, 'wrong or missing ?secret= in the URL'],
      'mailgun malformed': [400, expect.stringMatching(/^malformed JSON/)],
      'stripe malformed': [400, expect.stringMatching(/malformed JSON/)],
      'mailchimp no type': [400, expect.stringMatching(/no "type" field/)],
      oversize: [413, expect.stringMatching(/HOOK_MAX_BODY_BYTES/)],
      'at the limit': [401, 'bad signature'],
      'stripe unknown type': [200, expect.anything()],
      'shopify unknown topic': [200, expect.anything()],
    });
    const events = lakeRows(path.join(root, 'lake'), 'events/').map((x) => x.row);
    // nothing of the refused deliveries; the unknown types under their vendor names
    expect(events.map((e) => [e.origin.source_id, e.action]).sort()).toEqual([['orders', 'orders/updated'], ['payments', 'plan.created']]);
    const bad = lakeRows(path.join(root, 'lake'), 'bad/').map((x) => x.row);
    expect(bad.map((b) => b.payload).sort()).toEqual(['fired_at=2014-10-22+13%3A10%3A40', '{"id":"evt_broken",'].sort());
  });

  it("a discounted order is worth what the customer paid for the goods, in the shop's currency, once built", async () => {
    // the sample order with a $20 code spread over its lines, two of one board, and paid in EUR (fixtures README)
    const body = fixtureText('shopify/orders-create-discounted.json');
    const r = await startServer(root);
    try {
      expect((await shopify(r.url, body, 'orders/create', 'e2e-discounted-1')).status).toBe(200);
    } finally {
      await stop(r);
    }
    const lake = path.join(root, 'lake');
    fs.mkdirSync(path.join(lake, 'config', 'site_id=shop'), { recursive: true });
    fs.writeFileSync(path.join(lake, 'config', 'site_id=shop', 'model.json'), JSON.stringify({ conversions: ['Order completed'], lookback_days: 30 }));
    const built = spawnSync(process.execPath, [ACTIONLAKE, 'build', '--lake', lake], { encoding: 'utf8', env: { ...process.env, ACTIONLAKE_THREADS: '2' } });
    expect(built.status).toBe(0);
    const q = spawnSync(process.execPath, [ACTIONLAKE, 'query', '--lake', lake, '--json',
      "SELECT c.value, c.currency, CAST(e.attributes->>'revenue' AS DOUBLE) AS revenue, e.attributes->>'currency' AS order_currency FROM conversions c JOIN events e USING (event_id)"], { encoding: 'utf8' });
    expect(q.stderr).toBe('');
    const [order] = JSON.parse(q.stdout);
    // Σ price × quantity of the products = Shopify's subtotal_price (2285.85 of boards − 20.00), not 2285.85;
    // the row's revenue stays total_price (+ $10 shipping); both in the shop's USD, not the EUR the customer saw
    expect(order.value).toBeCloseTo(2265.85, 6);
    expect(order).toMatchObject({ currency: 'USD', revenue: 2275.85, order_currency: 'USD' });
  });

  it("a redelivery is one row: the collector's dedup within its window, actionlake compact beyond it", async () => {
    // within the window: the retry is answered 200 and not stored again
    let r = await startServer(root);
    try {
      for (let i = 0; i < 2; i++) {
        expect((await stripe(r.url)).status).toBe(200); // Stripe's retry: the same event, signed anew
        expect((await shopify(r.url)).status).toBe(200); // Shopify's retry: the same X-Shopify-Webhook-Id
      }
    } finally {
      await stop(r);
    }
    const raw = () => lakeRows(path.join(root, 'lake'), 'events/').map((x) => x.row.origin.id).sort();
    expect(raw()).toEqual(['e2e-webhook-1', 'evt_e2e_order']);

    // beyond it (DEDUP_WINDOW=0: every copy reaches the lake), `actionlake compact` keeps one
    r = await startServer(root, { DEDUP_WINDOW: '0' });
    try {
      expect((await stripe(r.url)).status).toBe(200);
      expect((await shopify(r.url)).status).toBe(200);
    } finally {
      await stop(r);
    }
    expect(raw()).toEqual(['e2e-webhook-1', 'e2e-webhook-1', 'evt_e2e_order', 'evt_e2e_order']);
    const lake = path.join(root, 'lake');
    const compact = spawnSync(process.execPath, [ACTIONLAKE, 'compact', '--lake', lake], { encoding: 'utf8', env: { ...process.env, ACTIONLAKE_THREADS: '2' } });
    expect(compact.stderr).toBe('');
    expect(compact.status).toBe(0);
    const q = spawnSync(process.execPath, [ACTIONLAKE, 'query', '--lake', lake, '--json', "SELECT origin.id AS id, action FROM events ORDER BY id"], { encoding: 'utf8' });
    expect(q.status).toBe(0);
    expect(JSON.parse(q.stdout)).toEqual([{ id: 'e2e-webhook-1', action: 'Order completed' }, { id: 'evt_e2e_order', action: 'Order completed' }]);
  });
});
