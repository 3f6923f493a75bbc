/**
 * Activation end to end: journeys through the real collector into a real lake, `actionlake build`,
 * then `actionlake audience` and `actionlake conversions` as a user runs them — the files checked
 * against the platforms' formats field by field, and `--send` against a local HTTP server that
 * answers as Meta and Google do (200, 429 then 200, 400, partial failure), with the sent-log making
 * a re-run send nothing twice.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { run } from '../src/cli/run';
import { DASHBOARD_TOKEN, serve } from './support/dashboard';
import { LAPTOP_UA, PHONE_UA, SITE, Shop } from './support/journeys';

const ORDER = 'Order completed';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const TOKEN = 'EAAB-secret-meta-token-never-printed';
const GTOKEN = 'ya29.secret-google-oauth-token';

let shop: Shop;
const ids: Record<string, string> = {};

async function actionlake(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run([...argv, '--lake', shop.lakeDir], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { ACTIONLAKE_TMP_DIR: shop.root, ...env },
  });
  return { code, stdout, stderr };
}

/** A local server that answers each POST with the next scripted answer (the last one repeats). */
async function platform(answers: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const requests: { url: string; headers: http.IncomingHttpHeaders; body: any }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(body) });
      const a = answers[Math.min(requests.length - 1, answers.length - 1)];
      res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(r)) };
}

function allFiles(dir: string): string {
  if (!fs.existsSync(dir)) return '';
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile()).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

beforeAll(async () => {
  shop = await Shop.open();
  shop.writeModel({ conversions: [ORDER], lookback_days: 30 });
  await shop.send(
    // Gina: a Google ad 3 days ago, signs in (email with capitals, spaces and Gmail dots; a phone in
    // national format; her country), buys 12 hours later
    { anon: 'gina-phone', session: 'g1', at: 3, ua: PHONE_UA, path: '/shoes', click_ids: { gclid: 'Cj0KCQ-gina' }, utm: { source: 'google', medium: 'cpc' } },
    { anon: 'gina-phone', session: 'g1', at: 3 - 0.001, ua: PHONE_UA, path: '/login', user_id: 'gina', action: 'Signed in', action_type: 'identify',
      traits: { email: ' Gina.Smith@Gmail.com ', phone: '(650) 555-1212', country: 'US', firstName: 'Gina', lastName: 'Smith', 'address.postalCode': '94035' } },
    { anon: 'gina-phone', session: 'g2', at: 2.5, ua: PHONE_UA, path: '/checkout', user_id: 'gina', action: ORDER,
      products: [{ id: 'sku-1', name: 'Trail shoe', price: 50, currency: 'EUR', quantity: 2 }] },
    // Frank: a Meta ad click (fbclid) yesterday, signs in, buys
    { anon: 'frank-laptop', session: 'f1', at: 1, path: '/', click_ids: { fbclid: 'IwAR-frank' }, utm: { source: 'facebook', medium: 'paid' } },
    { anon: 'frank-laptop', session: 'f1', at: 1 - 0.001, path: '/login', user_id: 'frank', action: 'Signed in', action_type: 'identify', traits: { email: 'Frank@Example.com' } },
    { anon: 'frank-laptop', session: 'f1', at: 1 - 0.002, path: '/checkout', user_id: 'frank', action: ORDER, attributes: { revenue: 30, currency: 'usd' } },
    // Hana: known by email only, buys today (no ad click)
    { anon: 'hana', session: 'h1', at: 0.5, path: '/login', user_id: 'hana', action: 'Signed in', action_type: 'identify', traits: { email: 'hana@example.org' } },
    { anon: 'hana', session: 'h1', at: 0.5 - 0.001, path: '/checkout', user_id: 'hana', action: ORDER, attributes: { revenue: 12, currency: 'EUR' } },
    // Olaf: a Google ad 12 days ago, bought 10 days ago: too old for Meta, fine for Google (no click
    // is exactly a whole number of days before its conversion: --click-window 1 has no tie to break)
    { anon: 'olaf', session: 'o1', at: 12, path: '/', click_ids: { gclid: 'Cj0KCQ-olaf' } },
    { anon: 'olaf', session: 'o1', at: 12 - 0.001, user_id: 'olaf', action: 'Signed in', action_type: 'identify', traits: { email: 'olaf@example.com' } },
    { anon: 'olaf', session: 'o2', at: 10, path: '/checkout', user_id: 'olaf', action: ORDER, attributes: { revenue: 5, currency: 'EUR' } },
    // Nemo: no identifier at all, no click; buys
    { anon: 'nemo', session: 'n1', at: 0.2, path: '/checkout', action: ORDER, attributes: { revenue: 1, currency: 'EUR' } },
  );
  await shop.close();
  const b = await actionlake(['build']);
  if (b.code !== 0) throw new Error(`build failed: ${b.stderr}`);
  for (const r of await shop.query<{ user_id: string | null; anonymous_id: string; event_id: string }>(`SELECT user_id, anonymous_id, event_id FROM conversions JOIN events USING (site_id, event_id)`)) {
    ids[r.user_id ?? r.anonymous_id] = r.event_id;
  }
}, 120_000);

afterAll(() => shop?.remove());

describe('actionlake audience', () => {
  test('Google Customer Match: the known persons hashed by Google\'s rules, the rest counted and reported', async () => {
    const out = path.join(shop.root, 'google.csv');
    const r = await actionlake(['audience', '--where', 'true', '--format', 'google-customer-match', '--out', out, '--country', 'DE']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^audience: 4 of 5 persons written; 1 without an identifier Google matches on/);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('Email,Phone,First Name,Last Name,Country,Zip');
    // Gina: dots gone before @gmail.com, lower case, trimmed; her national phone in E.164 with her country (US), not --country
    expect(lines).toContain([sha('ginasmith@gmail.com'), sha('+16505551212'), sha('gina'), sha('smith'), 'US', '94035'].join(','));
    expect(lines).toContain(`${sha('frank@example.com')},,,,,`);
  });

  test('Meta customer list: the same persons by Meta\'s rules (Gmail dots kept, phone without +, country hashed)', async () => {
    const out = path.join(shop.root, 'meta.csv');
    const r = await actionlake(['audience', '--where', "user_id = 'gina'", '--format', 'meta-custom-audience', '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(`email,phone,fn,ln,ct,st,zip,country\n${[sha('gina.smith@gmail.com'), sha('16505551212'), sha('gina'), sha('smith'), '', '', sha('94035'), sha('us')].join(',')}\n`);
  });

  test('bad usage is one clear line', async () => {
    const r = await actionlake(['audience', '--where', 'nope = 1', '--format', 'google-customer-match', '--out', path.join(shop.root, 'x.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/audience --where failed: .*columns of profiles: /);
    expect((await actionlake(['audience', '--where', 'true', '--format', 'tiktok', '--out', 'x.csv'])).stderr).toMatch(/--format google-customer-match\|meta-custom-audience, got "tiktok"/);
  });
});

describe('the dashboard\'s Segments view (actionlake serve)', () => {
  test('downloads each platform\'s audience file: the same bytes as actionlake audience for the same predicate', async () => {
    const dash = await serve(shop.lakeDir, { ACTIONLAKE_TMP_DIR: shop.root });
    try {
      const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
      const meta = await (await fetch(new URL('/api/meta', dash.url), { headers: { authorization: `Bearer ${DASHBOARD_TOKEN}` } })).json();
      expect(JSON.stringify(meta)).toContain('google-customer-match');
      for (const format of ['google-customer-match', 'meta-custom-audience']) {
        const out = path.join(shop.root, `cli-${format}.csv`);
        expect((await actionlake(['audience', '--where', 'true', '--format', format, '--out', out])).code).toBe(0);
        const q = new URLSearchParams({ site: SITE, from: day(13), to: day(0), where: 'true', format });
        const res = await fetch(new URL(`/api/segments/download?${q}`, dash.url), { headers: { authorization: `Bearer ${DASHBOARD_TOKEN}` } });
        expect(res.status).toBe(200);
        const file = await res.text();
        expect(file.trim().split('\n')).toHaveLength(5); // the header and Gina, Frank, Hana, Olaf (Nemo has no identifier)
        expect(file).toBe(fs.readFileSync(out, 'utf8'));
      }
    } finally {
      await dash.stop();
    }
  }, 60_000);
});

describe('actionlake conversions --format google-ads-offline', () => {
  test("one row per conversion whose person landed with a gclid, in the account's time zone", async () => {
    const out = path.join(shop.root, 'offline.csv');
    const r = await actionlake(['conversions', '--format', 'google-ads-offline', '--timezone', 'Europe/Berlin', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5 conversions; 2 conversions with a Google click; 3 without a Google click/);
    const [gina] = await shop.query<{ ms: number }>(`SELECT epoch_ms(occurred_at) AS ms FROM conversions WHERE event_id = '${ids.gina}'`);
    // Berlin wall-clock time as Sweden writes dates (yyyy-MM-dd HH:mm:ss): an independent rendering
    const berlin = new Date(Number(gina.ms)).toLocaleString('sv-SE', { timeZone: 'Europe/Berlin' });
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('Parameters:TimeZone=Europe/Berlin');
    expect(lines[1]).toBe('Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency');
    expect(lines).toContain(`Cj0KCQ-gina,${ORDER},${berlin},100,EUR`);
    expect(lines.filter((l) => l.startsWith('Cj0KCQ-olaf'))).toHaveLength(1);
    expect(lines).toHaveLength(4);
  });

  test('a shorter click window leaves out the conversion whose click is older', async () => {
    const r = await actionlake(['conversions', '--format', 'google-ads-offline', '--click-window', '1', '--out', path.join(shop.root, 'w.csv')]);
    expect(r.stdout).toMatch(/1 conversion with a Google click; 4 without a Google click \(gclid, gbraid, wbraid\) in the 1 days before/);
    expect((await actionlake(['conversions', '--format', 'google-ads-offline', '--click-window', '91', '--out', 'x.csv'])).stderr).toMatch(/--click-window must be a whole number from 1 to 90, got "91"/);
  });
});

describe('actionlake conversions --format meta-capi', () => {
  let events: any[];
  beforeAll(async () => {
    const out = path.join(shop.root, 'capi.json');
    const r = await actionlake(['conversions', '--format', 'meta-capi', '--out', out]);
    expect(r.stdout).toMatch(/3 events for Meta; 1 older than Meta's 7-day limit, not sent; 1 without anything Meta matches on/);
    events = JSON.parse(fs.readFileSync(out, 'utf8')).data;
  });

  test("Frank's purchase, field by field against Meta's server event spec", async () => {
    const [conv] = await shop.query(`SELECT epoch_ms(occurred_at) AS ms, page.url AS url FROM events WHERE event_id = '${ids.frank}'`);
    const [click] = await shop.query(`SELECT epoch_ms(occurred_at) AS ms FROM events WHERE json_extract_string(click_ids, '$.fbclid') = 'IwAR-frank'`);
    const frank = events.find((e) => e.event_id === ids.frank);
    expect(frank).toEqual({
      event_name: 'Purchase',
      event_time: Math.floor(Number(conv.ms) / 1000),
      event_id: ids.frank,
      action_source: 'website',
      event_source_url: conv.url,
      user_data: {
        em: sha('frank@example.com'),
        external_id: sha('frank'),
        fbc: `fb.1.${click.ms}.IwAR-frank`,
        client_user_agent: LAPTOP_UA,
        // the collector anonymized the address (IP_MODE=anonymize): not the browser's, not sent
      },
      custom_data: { value: 30, currency: 'usd' },
    });
  });

  test("Gina's: hashed identifiers by Meta's rules, products as contents", () => {
    const gina = events.find((e) => e.event_id === ids.gina);
    expect(gina.user_data).toMatchObject({ em: sha('gina.smith@gmail.com'), ph: sha('16505551212'), fn: sha('gina'), ln: sha('smith'), zp: sha('94035'), country: sha('us'), external_id: sha('gina') });
    expect(gina.user_data.fbc).toBeUndefined();
    expect(gina.custom_data).toEqual({ value: 100, currency: 'eur', contents: [{ id: 'sku-1', quantity: 2, item_price: 50 }], content_type: 'product' });
    expect(events.map((e) => e.event_id)).not.toContain(ids.olaf);
  });
});

describe('--send', () => {
  const metaArgs = (url: string) => ['conversions', '--format', 'meta-capi', '--send', '--pixel', '1234567890', '--batch', '1', '--endpoint', `${url}/v24.0/1234567890/events`];
  const env = { META_ACCESS_TOKEN: TOKEN, ACTIONLAKE_SEND_RETRY_MS: '10' };

  test('Meta: 200, then 429 (Retry-After) and 200, then 400 stops with Meta\'s error; a re-run sends only what was not taken, a third nothing', async () => {
    const s1 = await platform([
      { status: 200, body: { events_received: 1, messages: [], fbtrace_id: 'Atrace1' } },
      { status: 429, body: { error: { message: 'Too many calls' } }, headers: { 'retry-after': '1' } },
      { status: 200, body: { events_received: 1, messages: [], fbtrace_id: 'Atrace2' } },
      { status: 400, body: { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 2804019, error_user_title: 'Invalid user data', error_user_msg: 'The user data is not valid', fbtrace_id: 'Bad1' } } },
    ]);
    const started = Date.now();
    const r1 = await actionlake(metaArgs(s1.url), env);
    await s1.close();
    expect(r1.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 honoured
    const sent = s1.requests.map((q) => q.body.data.map((e: any) => e.event_id));
    expect(sent).toHaveLength(4);
    expect(sent[1]).toEqual(sent[2]); // the 429'd batch sent again
    expect(r1.stdout).toMatch(/batch 1\/3 \(1 item\): 200 1 of 1 event received \(fbtrace_id Atrace1\)/);
    expect(r1.stdout).toMatch(/batch 2\/3 \(1 item\): 429 Too many calls; retrying in 1 s \(Retry-After\)/);
    expect(r1.stdout).toMatch(/batch 2\/3 \(1 item\): 200 1 of 1 event received \(fbtrace_id Atrace2\)/);
    expect(r1.stdout).toMatch(/batch 3\/3 \(1 item\): 400 Invalid parameter \(Invalid user data: The user data is not valid\) code 100\/2804019 fbtrace_id Bad1/);
    expect(r1.stderr).toMatch(/Meta answered 400 to batch 3: Invalid parameter/);
    expect(s1.requests[0].body.access_token).toBe(TOKEN); // in the body, not the URL
    expect(s1.requests[0].url).toBe('/v24.0/1234567890/events');

    const s2 = await platform([{ status: 200, body: { events_received: 1, messages: [], fbtrace_id: 'Atrace3' } }]);
    const r2 = await actionlake(metaArgs(s2.url), env);
    await s2.close();
    expect(r2.code).toBe(0);
    expect(s2.requests.map((q) => q.body.data[0].event_id)).toEqual([sent[3][0]]);
    expect(r2.stdout).toMatch(/2 already sent \(sent-log activation\/site_id=shop\/meta\/1234567890\/\): not sent again/);

    const s3 = await platform([{ status: 200, body: { events_received: 1 } }]);
    const r3 = await actionlake(metaArgs(s3.url), env);
    await s3.close();
    expect(s3.requests).toHaveLength(0);
    expect(r3.stdout).toMatch(/nothing to send to Meta/);

    // the token is nowhere but in the requests' bodies
    for (const text of [r1.stdout, r1.stderr, r2.stdout, r3.stdout, allFiles(path.join(shop.lakeDir, 'activation'))]) expect(text).not.toContain(TOKEN);
    const records = allFiles(path.join(shop.lakeDir, 'activation', 'site_id=shop', 'meta'));
    expect(records).toMatch(/"outcome": "failed"/);
    expect(records).toMatch(/"status": 429/);
  }, 60_000);

  test('Meta: no token is a clear error before any work, naming the variable', async () => {
    const r = await actionlake(metaArgs('http://127.0.0.1:9'), {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--send needs .* in the environment variable META_ACCESS_TOKEN/);
  });

  test("Google: UploadClickConversions with partial failure reported per conversion, not sent again", async () => {
    const genv = { GOOGLE_ADS_DEVELOPER_TOKEN: 'dev-token', GOOGLE_ADS_ACCESS_TOKEN: GTOKEN, GOOGLE_ADS_CUSTOMER_ID: '123-456-7890', ACTIONLAKE_SEND_RETRY_MS: '10' };
    const args = (url: string) => ['conversions', '--format', 'google-ads-offline', '--send', '--timezone', 'Europe/Berlin', '--conversion-action', `${ORDER}=987`, '--endpoint', `${url}/v26/customers/1234567890:uploadClickConversions`];
    const s = await platform([{ status: 200, body: {
      partialFailureError: { code: 3, message: 'Click is too old', details: [{ '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure', errors: [{ errorCode: { conversionUploadError: 'EXPIRED_EVENT' }, message: 'The click associated with the given identifier is too old.', location: { fieldPathElements: [{ fieldName: 'conversions', index: 0 }] } }] }] },
      results: [{}, { gclid: 'Cj0KCQ-gina' }], jobId: '42' } }]);
    const r = await actionlake(args(s.url), genv);
    expect(r.code).toBe(0);
    expect(s.requests).toHaveLength(1);
    const q = s.requests[0];
    expect(q.headers['developer-token']).toBe('dev-token');
    expect(q.headers.authorization).toBe(`Bearer ${GTOKEN}`);
    expect(q.body.partialFailure).toBe(true);
    const gina = q.body.conversions.find((c: any) => c.gclid === 'Cj0KCQ-gina');
    expect(gina).toMatchObject({ conversionAction: 'customers/1234567890/conversionActions/987', conversionValue: 100, currencyCode: 'EUR', orderId: ids.gina });
    expect(gina.conversionDateTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+0[12]:00$/);
    expect(r.stdout).toMatch(/batch 1\/1 \(2 items\): 200 1 of 2 conversions uploaded \(job 42\)/);
    expect(r.stdout).toMatch(new RegExp(`rejected ${ids.olaf}: The click associated with the given identifier is too old. \\(EXPIRED_EVENT\\)`));
    const again = await actionlake(args(s.url), genv);
    await s.close();
    expect(s.requests).toHaveLength(1);
    expect(again.stdout).toMatch(/2 already sent/);
    expect(again.stdout + again.stderr + r.stdout + allFiles(path.join(shop.lakeDir, 'activation'))).not.toContain(GTOKEN);
  }, 60_000);
});
