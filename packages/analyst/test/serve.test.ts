/**
 * `actionlake serve` as a user's browser meets it: the real CLI process (built) over a lake of known
 * journeys (./support/dashboard.ts), spoken to over HTTP. Each view's figures equal what
 * `actionlake query` gives on the tables; the token, the parameters and the segment predicates are
 * checked; the engine is read-only whatever SQL a predicate carries; the app's files cannot be
 * escaped from.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Shop } from './support/journeys';
import { DASHBOARD_TOKEN, demoLake, ORDER, serve, type Served } from './support/dashboard';

let shop: Shop;
let dash: Served;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const FROM = daysAgo(9);
const PREV_FROM = daysAgo(19);
const PREV_TO = daysAgo(10);

async function get(pathAndQuery: string, token: string | null = DASHBOARD_TOKEN, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(pathAndQuery, dash.url), { headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers } });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, headers: res.headers, body, text };
}
const api = async (view: string, q: Record<string, string> = {}) => {
  const r = await get(`/api/${view}?${new URLSearchParams({ site: 'shop', from: FROM, to: today, ...q })}`);
  if (r.status !== 200) throw new Error(`/api/${view}: ${r.status} ${r.text}`);
  return r.body;
};
/** GET exactly `rawPath` (fetch would normalize `..` away), the body as sent (not decompressed) */
function raw(rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(new URL(dash.url), { path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
const segment = (where: string) => get(`/api/segments?${new URLSearchParams({ site: 'shop', from: PREV_FROM, to: today, where })}`);

beforeAll(async () => {
  shop = await demoLake();
  dash = await serve(shop.lakeDir, { ACTIONLAKE_TMP_DIR: shop.root, ACTIONLAKE_SERVE_QUERY_MS: '1500' });
}, 120_000);

afterAll(async () => {
  await dash?.stop();
  shop?.remove();
});

describe('the token', () => {
  it('refuses /api without the editor token or with a wrong one (401), and serves the app page to anyone', async () => {
    for (const token of [null, 'wrong-token', `${DASHBOARD_TOKEN}x`]) {
      const r = await get(`/api/overview?site=shop&from=${FROM}&to=${today}`, token);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(JSON.stringify(r.body)).not.toContain('visitors');
    }
    const page = await get('/overview', null);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script');
  });
});

describe('the views equal the SQL answers', () => {
  it('/api/meta lists both sites', async () => {
    const m = await get('/api/meta');
    expect(m.body.sites.map((s: { site: string }) => s.site)).toEqual(['blog', 'shop']);
    expect(m.body.models).toEqual(['first', 'last', 'linear', 'position', 'time_decay']);
  });

  it('/api/overview: visitors, sessions, conversions and revenue of the period and the previous one', async () => {
    const o = await api('overview');
    const sql = async (from: string, to: string) => (await shop.query(`
      SELECT (SELECT count(DISTINCT person_id) FROM sessions WHERE site_id = 'shop' AND started_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::INTEGER AS visitors,
             (SELECT count(*) FROM sessions WHERE site_id = 'shop' AND started_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::INTEGER AS sessions,
             (SELECT count(*) FROM conversions WHERE site_id = 'shop' AND occurred_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::INTEGER AS conversions,
             (SELECT coalesce(sum(value), 0) FROM conversions WHERE site_id = 'shop' AND action = '${ORDER}' AND occurred_at::DATE BETWEEN DATE '${from}' AND DATE '${to}')::DOUBLE AS revenue`))[0];
    const cur = await sql(FROM, today);
    const prev = await sql(PREV_FROM, PREV_TO);
    expect(cur.sessions).toBeGreaterThan(5);
    expect(prev.conversions).toBeGreaterThan(0);
    expect(o.currency).toBe('EUR');
    expect(o.current.totals).toEqual({ ...cur, revenue: expect.closeTo(cur.revenue, 6) });
    expect(o.previous.totals).toEqual({ ...prev, revenue: expect.closeTo(prev.revenue, 6) });
    expect(o.previous).toMatchObject({ from: PREV_FROM, to: PREV_TO });
    expect(o.current.days).toHaveLength(10);
    expect(o.current.days.reduce((n: number, d: { sessions: number }) => n + d.sessions, 0)).toBe(cur.sessions);
  });

  it('/api/channels: sessions, conversions and the five models by channel, and by campaign', async () => {
    const c = await api('channels');
    const rows = await shop.query(`
      SELECT channel AS name, sum(sessions)::INTEGER AS sessions, sum(conversions)::INTEGER AS conversions, sum(revenue)::DOUBLE AS revenue,
             sum(first_revenue)::DOUBLE AS first_revenue, sum(time_decay_revenue)::DOUBLE AS time_decay_revenue
      FROM channel_daily WHERE site_id = 'shop' AND dt BETWEEN DATE '${FROM}' AND DATE '${today}' GROUP BY 1`);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      const got = c.rows.find((x: { name: string }) => x.name === r.name);
      expect(got).toMatchObject({ sessions: r.sessions, conversions: r.conversions });
      for (const k of ['revenue', 'first_revenue', 'time_decay_revenue']) expect(got[k]).toBeCloseTo(r[k], 6);
    }
    expect(c.total.sessions).toBe(rows.reduce((n, r) => n + r.sessions, 0));
    const byCampaign = await api('channels', { by: 'campaign' });
    expect(byCampaign.rows.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['winter', 'nov']));
  });

  it('/api/funnel: persons at each step, and who dropped between them', async () => {
    const f = await api('funnel', { from: PREV_FROM });
    expect(f.choices).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'action', name: ORDER })]));
    const steps = ['action:Product viewed', 'action:Product added', `action:${ORDER}`];
    const q = new URLSearchParams({ site: 'shop', from: PREV_FROM, to: today });
    for (const s of steps) q.append('step', s);
    const r = await get(`/api/funnel?${q}`);
    const [{ n0, n2 }] = await shop.query(`
      SELECT count(DISTINCT person_id) FILTER (WHERE action = 'Product viewed')::INTEGER AS n0,
             count(DISTINCT person_id) FILTER (WHERE action = '${ORDER}')::INTEGER AS n2
      FROM events WHERE site_id = 'shop' AND occurred_at::DATE BETWEEN DATE '${PREV_FROM}' AND DATE '${today}'`);
    expect(r.body.steps.map((s: { persons: number }) => s.persons)).toEqual([n0, n2, n2]); // every buyer added to the cart first
    expect(r.body.steps[1]).toMatchObject({ dropped: n0 - n2, conversion: expect.closeTo(n2 / n0, 9) });
    expect((await get(`/api/funnel?site=shop&from=${FROM}&to=${today}&step=action:Nope&step=action:${ORDER}`)).status).toBe(400);
  });

  it('/api/funnel: a page as a step, then an action', async () => {
    const q = new URLSearchParams({ site: 'shop', from: PREV_FROM, to: today });
    for (const s of ['page:/products', `action:${ORDER}`]) q.append('step', s);
    const r = await get(`/api/funnel?${q}`);
    expect(r.status).toBe(200);
    const [{ n0, n1 }] = await shop.query(`
      WITH v AS (SELECT person_id, min(occurred_at) AS t FROM events
                 WHERE site_id = 'shop' AND action_type = 'pageview' AND page.path = '/products'
                   AND occurred_at::DATE BETWEEN DATE '${PREV_FROM}' AND DATE '${today}' GROUP BY 1)
      SELECT (SELECT count(*) FROM v)::INTEGER AS n0,
             (SELECT count(DISTINCT e.person_id) FROM events e JOIN v USING (person_id)
              WHERE e.action = '${ORDER}' AND e.occurred_at >= v.t AND e.occurred_at::DATE <= DATE '${today}')::INTEGER AS n1`);
    expect(n1).toBeGreaterThan(0);
    expect(r.body.steps.map((s: { persons: number }) => s.persons)).toEqual([n0, n1]);
  });

  it('/api/products: revenue and units of each product', async () => {
    const p = await api('products', { from: PREV_FROM });
    const [shoe] = await shop.query(`SELECT sum(p.price * coalesce(p.quantity, 1))::DOUBLE AS revenue
      FROM (SELECT unnest(products) AS p FROM events WHERE site_id = 'shop' AND action = '${ORDER}' AND occurred_at::DATE >= DATE '${PREV_FROM}') WHERE p.id = 'sku-1'`);
    const row = p.rows.find((r: { product_id: string }) => r.product_id === 'sku-1');
    expect(row.name).toBe('Trail shoe');
    expect(row.revenue).toBeCloseTo(shoe.revenue, 6);
    expect(p.rows[0].product_id).toBe('sku-1');
  });

  it('/api/products: every figure of both periods equals the events and conversions of their days', async () => {
    const p = await api('products'); // FROM – today against PREV_FROM – PREV_TO
    // each product of each event (bots left out), and the priced ones of the conversions, by day
    const sql = `
      WITH items AS (
        SELECT e.event_id, e.person_id, e.action, e.occurred_at::DATE AS d, e.p, coalesce(e.p.id, e.p.name) AS product_id
        FROM (SELECT event_id, person_id, action, occurred_at, unnest(products) AS p FROM events
              WHERE site_id = 'shop' AND NOT coalesce(bot.is_bot, false)) e
        WHERE e.occurred_at::DATE BETWEEN DATE '${PREV_FROM}' AND DATE '${today}'
      ),
      sold AS (
        SELECT i.product_id, i.d, i.p.price * coalesce(i.p.quantity, 1) AS amount, coalesce(i.p.quantity, 1) AS quantity
        FROM items i JOIN conversions c ON c.site_id = 'shop' AND c.event_id = i.event_id WHERE i.p.price IS NOT NULL
      ),
      who AS (SELECT product_id, count(DISTINCT person_id)::INTEGER AS persons FROM items WHERE d >= DATE '${FROM}' GROUP BY 1),
      acts AS (
        SELECT product_id, list({'action': action, 'events': n} ORDER BY n DESC, action) AS interactions
        FROM (SELECT product_id, action, count(*)::INTEGER AS n FROM items WHERE d >= DATE '${FROM}' GROUP BY ALL) GROUP BY 1
      ),
      money AS (
        SELECT product_id, sum(amount) FILTER (WHERE d >= DATE '${FROM}') AS revenue, sum(quantity) FILTER (WHERE d >= DATE '${FROM}') AS units,
               sum(amount) FILTER (WHERE d < DATE '${FROM}') AS previous_revenue
        FROM sold GROUP BY 1
      )
      SELECT product_id, persons, interactions, coalesce(revenue, 0)::DOUBLE AS revenue, coalesce(units, 0)::DOUBLE AS units,
             coalesce(previous_revenue, 0)::DOUBLE AS previous_revenue
      FROM who JOIN acts USING (product_id) LEFT JOIN money USING (product_id)
      ORDER BY revenue DESC, persons DESC, product_id`;
    const want = await shop.query(sql);
    expect(want.length).toBeGreaterThanOrEqual(2);
    // a buyer views on one day and orders on the next: daily counts of persons would not add up
    const got = p.rows.map(({ name: _n, brand: _b, category: _c, ...r }: Record<string, unknown>) => r);
    expect(got).toEqual(want.map((r) => ({ ...r, revenue: expect.closeTo(r.revenue, 6), previous_revenue: expect.closeTo(r.previous_revenue, 6) })));
  });

  it('/api/person: a user id finds the person, with the timeline', async () => {
    const p = await api('person', { id: 'user-0', from: daysAgo(30) });
    const [{ person_id, n }] = await shop.query(`SELECT i.person_id, (SELECT count(*) FROM events e WHERE e.person_id = i.person_id)::INTEGER AS n FROM identity_map i WHERE i.id = 'user-0'`);
    expect(p.person.person_id).toBe(person_id);
    expect(p.person.events).toBe(n);
    expect(p.person.timeline[0]).toMatchObject({ action: ORDER, origin: 'browser', value: expect.any(Number) });
    expect((await api('person', { id: 'nobody@example.com' })).person).toBeNull();
  });

  it('/api/segments: the count and list of a predicate, and its CSV download', async () => {
    const s = await segment('revenue > 70');
    expect(s.status).toBe(200);
    const [{ n }] = await shop.query(`SELECT count(*)::INTEGER AS n FROM profiles WHERE site_id = 'shop' AND revenue > 70
      AND person_id IN (SELECT person_id FROM sessions WHERE started_at::DATE BETWEEN DATE '${PREV_FROM}' AND DATE '${today}')`);
    expect(n).toBeGreaterThan(0);
    expect(s.body.count).toBe(n);
    const csv = await get(`/api/segments/download?${new URLSearchParams({ site: 'shop', from: PREV_FROM, to: today, where: 'revenue > 70', format: 'csv' })}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="segment-shop-.*\.csv"/);
    expect(csv.text.trim().split('\n')).toHaveLength(n + 1);
  });
});

describe('parameters', () => {
  it('answers 400 / 404 naming what is wrong', async () => {
    const cases: [string, number, RegExp][] = [
      [`/api/overview?site=nope&from=${FROM}&to=${today}`, 404, /unknown site/],
      [`/api/overview?site=shop&from=2026-02-30&to=${today}`, 400, /from must be a day/],
      [`/api/overview?site=shop&from=${today}&to=${FROM}`, 400, /after/],
      [`/api/overview?site=shop&from=2000-01-01&to=${today}`, 400, /ACTIONLAKE_SERVE_MAX_DAYS/],
      [`/api/overview?site=shop&from=${FROM}&to=${today}&x=1`, 400, /unknown parameter "x"/],
      [`/api/channels?site=shop&from=${FROM}&to=${today}&by=channel;DROP`, 400, /by must be one of/],
      [`/api/nope?site=shop`, 404, /no such view/],
    ];
    for (const [url, status, message] of cases) {
      const r = await get(url);
      expect([url, r.status]).toEqual([url, status]);
      expect(r.body.error).toMatch(message);
    }
  });
});

describe('a segment predicate cannot leave the read-only tables', () => {
  const outside = path.join(require('node:os').tmpdir(), `actionlake-serve-escape-${process.pid}.csv`);

  it.each([
    ['a COPY writing a file', `true) TO '${outside}' (FORMAT csv); SELECT (1`],
    ['a second statement', `true; COPY profiles TO '${outside}'`],
    ['reading /etc/passwd', `person_id IN (SELECT column0 FROM read_csv('/etc/passwd'))`],
    ['reading the raw lake', `person_id IN (SELECT anonymous_id FROM read_json_auto('LAKE/events/**/*.ndjson.gz'))`],
    ['ATTACH', `true); ATTACH '${outside}.db' AS x; SELECT (1`],
    ['a UNION after the condition', `true) UNION SELECT 1 FROM profiles WHERE (true`],
    ['changing a setting', `current_setting('enable_external_access') AND (SET enable_external_access = true)`],
  ])('refuses %s (422), writes nothing', async (_name, where) => {
    const r = await segment(where.replace('LAKE', shop.lakeDir));
    expect(r.status).toBe(422);
    expect(r.body.error).toBeTruthy();
    expect(fs.existsSync(outside)).toBe(false);
    expect(fs.existsSync(`${outside}.db`)).toBe(false);
  });

  it('interrupts a query that runs too long (ACTIONLAKE_SERVE_QUERY_MS) and still answers the next', async () => {
    const t0 = Date.now();
    const r = await segment('(SELECT count(*) FROM range(100000000000) a) > 0');
    expect(r.status).toBe(422);
    expect(r.body.error).toMatch(/stopped after 1500 ms/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect((await segment('revenue > 70')).status).toBe(200);
  });
});

describe('the web app', () => {
  it('serves its bundle compressed with an ETag, revalidated by If-None-Match', async () => {
    const page = await get('/', null);
    const src = /<script[^>]+src="([^"]+)"/.exec(page.text)![1];
    const res = await raw(src, { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toMatch(/immutable/);
    expect(res.body.length).toBeLessThan(80_000);
    expect(zlib.brotliDecompressSync(res.body).toString()).toContain('chart');
    const gz = await raw(src, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(zlib.brotliDecompressSync(res.body))).toBe(true);
    const again = await raw(src, { 'accept-encoding': 'br, gzip', 'if-none-match': String(res.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('never serves a file outside its folder', async () => {
    for (const p of ['/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/../../../../etc/passwd', '/assets/app.js/../../../package.json']) {
      const r = await raw(p);
      expect([p, r.status]).toEqual([p, 404]);
      expect(r.body.toString()).not.toMatch(/"workspaces"|root:/);
    }
  });

  it('refuses anything but GET', async () => {
    const res = await fetch(new URL('/api/meta', dash.url), { method: 'POST', headers: { authorization: `Bearer ${DASHBOARD_TOKEN}` } });
    expect(res.status).toBe(405);
  });
});
