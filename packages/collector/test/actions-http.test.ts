/** The action routes on a real port: what the SDK reads and what the recorder writes. */
import fs from 'node:fs';
import { actionsClient, actionsFile, definition, storedBytes, TOKEN } from './support/actions';
import { LocalFolderSink } from '../src/app';
import { metricValue, start, type Harness } from './support/harness';

describe('action definitions over HTTP', () => {
  let h: Harness;
  let api: ReturnType<typeof actionsClient>;
  beforeEach(async () => {
    h = await start({ adminToken: TOKEN });
    api = actionsClient(h.url);
  });
  afterEach(() => h.stop());

  it('serves an empty set for a site with nothing stored, with ETag "0", no-cache and public CORS', async () => {
    const res = await api.list({ origin: 'https://shop.example' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ version: '0', actions: [] });
    expect(res.headers.get('etag')).toBe('"0"');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(storedBytes(h.lakeDir)).toBeNull();
  });

  it('creates a definition (201), serves it with the new ETag and stores it at config/site_id=demo/actions.json', async () => {
    const def = definition('product-card-click');
    const res = await api.put(def.id, def);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.action).toEqual(def);
    expect(body.version).toMatch(/^1-[0-9a-f]{8}$/);
    expect(res.headers.get('etag')).toBe(`"${body.version}"`);

    const got = await api.list();
    expect(got.headers.get('etag')).toBe(`"${body.version}"`);
    expect(await got.json()).toEqual({ version: body.version, actions: [def] });

    const file = JSON.parse(fs.readFileSync(actionsFile(h.lakeDir), 'utf8'));
    expect(file).toEqual({ version: body.version, updated_at: expect.any(String), actions: [def] });
    expect(Math.abs(Date.parse(file.updated_at) - Date.now())).toBeLessThan(60_000);
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 again once an edit changed the version', async () => {
    const v1 = (await (await api.put('a', definition('a'))).json()).version;
    const etag = (await api.list()).headers.get('etag')!;
    const same = await api.list({ 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(`"${v1}"`);
    expect(await same.text()).toBe('');

    const edited = await api.put('a', definition('a', { name: 'Buy clicked' }));
    expect(edited.status).toBe(200);
    const v2 = (await edited.json()).version;
    expect(v2).not.toBe(v1);
    expect(v2).toMatch(/^2-/);
    const after = await api.list({ 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).toBe(`"${v2}"`);
    expect((await after.json()).actions).toEqual([definition('a', { name: 'Buy clicked' })]);
  });

  it('replaces in place (keeping the order), takes the id from the URL when the body has none, and refuses a different body id', async () => {
    await api.put('first', definition('first'));
    await api.put('second', definition('second'));
    const { id: _id, ...noId } = definition('first', { name: 'First again' });
    const res = await api.put('first', noId);
    expect(res.status).toBe(200);
    expect((await res.json()).action.id).toBe('first');
    expect((await (await api.list()).json()).actions.map((a: { id: string; name: string }) => `${a.id}:${a.name}`)).toEqual([
      'first:First again',
      'second:Product clicked',
    ]);

    const other = await api.put('first', definition('second'));
    expect(other.status).toBe(400);
    expect((await other.json()).error).toBe('id "second" in the body is not the id "first" of the URL');
  });

  it('deletes a definition (200 {version}) and answers 404 to an id it does not have', async () => {
    await api.put('a', definition('a'));
    await api.put('b', definition('b'));
    const res = await api.del('a');
    expect(res.status).toBe(200);
    const { version } = await res.json();
    expect(version).toMatch(/^3-/);
    expect(res.headers.get('etag')).toBe(`"${version}"`);
    expect(await (await api.list()).json()).toEqual({ version, actions: [definition('b')] });

    const before = storedBytes(h.lakeDir);
    const missing = await api.del('a');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toBe('there is no action "a" on site "demo"');
    expect(storedBytes(h.lakeDir)).toEqual(before);
  });

  it('refuses a missing or wrong token with 401 + WWW-Authenticate and writes nothing', async () => {
    await api.put('a', definition('a'));
    const before = storedBytes(h.lakeDir)!;
    const cases = [
      actionsClient(h.url, 'demo', 'wrong').put('a', definition('a', { name: 'Hacked' })),
      actionsClient(h.url, 'demo', TOKEN + 'x').put('b', definition('b')),
      actionsClient(h.url, 'demo', null).put('b', definition('b')),
      actionsClient(h.url, 'demo', 'wrong').del('a'),
      fetch(`${h.url}/v1/sites/demo/actions/a`, { method: 'DELETE', headers: { authorization: `Basic ${TOKEN}` } }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.json()).toEqual({ error: 'wrong editor token' });
    }
    expect(storedBytes(h.lakeDir)).toEqual(before);
    expect((await (await api.list()).json()).actions).toEqual([definition('a')]);
  });

  it('checks the editor token on GET /v1/sites/:site/editor: 204 when right, 401 when wrong', async () => {
    const ok = await api.editor();
    expect(ok.status).toBe(204);
    const wrong = await actionsClient(h.url, 'demo', 'nope').editor();
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await wrong.json()).toEqual({ error: 'wrong editor token' });
  });

  it('refuses a stale If-Match with 412 and the current version, writing nothing; a current one goes through', async () => {
    const v1 = (await (await api.put('a', definition('a'))).json()).version;
    const v2 = (await (await api.put('b', definition('b'))).json()).version;
    const before = storedBytes(h.lakeDir);
    for (const res of [
      await api.put('a', definition('a', { name: 'Stale' }), { 'if-match': `"${v1}"` }),
      await api.del('b', { 'if-match': `"${v1}"` }),
    ]) {
      expect(res.status).toBe(412);
      expect(await res.json()).toEqual({ error: 'the actions were changed by someone else; reload them', version: v2 });
    }
    expect(storedBytes(h.lakeDir)).toEqual(before);

    const ok = await api.put('a', definition('a', { name: 'Fresh' }), { 'if-match': `"${v2}"` });
    expect(ok.status).toBe(200);
    const v3 = (await ok.json()).version;
    expect((await api.del('b', { 'if-match': `"${v3}"` })).status).toBe(200);
    // "0" is the version of a site with nothing stored: If-Match "0" creates only if nothing is there
    expect((await actionsClient(h.url, 'fresh-site').put('x', definition('x'), { 'if-match': '"0"' })).status).toBe(201);
    expect((await actionsClient(h.url, 'fresh-site').put('y', definition('y'), { 'if-match': '"0"' })).status).toBe(412);
  });

  it('keeps every definition when different ids are saved concurrently', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `action-${i}`);
    const results = await Promise.all(ids.map((id) => api.put(id, definition(id))));
    expect(results.map((r) => r.status)).toEqual(ids.map(() => 201));
    const versions = await Promise.all(results.map(async (r) => (await r.json()).version));
    expect(new Set(versions).size).toBe(ids.length);
    const got = await (await api.list()).json();
    expect(got.actions.map((a: { id: string }) => a.id).sort()).toEqual([...ids].sort());
    expect(JSON.parse(fs.readFileSync(actionsFile(h.lakeDir), 'utf8')).actions).toHaveLength(ids.length);
  });

  it('keeps the definitions and their version across a restart (they live in the lake)', async () => {
    await api.put('a', definition('a'));
    const { version } = await (await api.put('b', definition('b'))).json();
    await h.close();
    const h2 = await start({ adminToken: TOKEN }, { root: h.root });
    try {
      const res = await actionsClient(h2.url).list();
      expect(res.headers.get('etag')).toBe(`"${version}"`);
      expect(await res.json()).toEqual({ version, actions: [definition('a'), definition('b')] });
      expect((await actionsClient(h2.url).list({ 'if-none-match': `"${version}"` })).status).toBe(304);
    } finally {
      await h2.collector.close();
    }
  });

  it('keeps sites apart and answers 400 to an invalid site id', async () => {
    await api.put('a', definition('a'));
    expect(await (await actionsClient(h.url, 'blog').list()).json()).toEqual({ version: '0', actions: [] });
    for (const res of [await actionsClient(h.url, 'Bad%20Site').list(), await actionsClient(h.url, 'Bad_Site').put('a', definition('a'))]) {
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/^site id "Bad.Site" is not valid/);
    }
    expect(fs.readdirSync(`${h.lakeDir}/config`)).toEqual(['site_id=demo']);
  });

  it('answers 415 to a body that is not JSON and 400 to malformed JSON', async () => {
    const form = await api.put('a', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect((await form.json()).error).toMatch(/application\/json/);
    const bad = await api.put('a', '{"name": ');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^body is not valid JSON/);
    expect(storedBytes(h.lakeDir)).toBeNull();
  });

  it('counts edits in actionlake_action_edits_total by op', async () => {
    await api.put('a', definition('a'));
    await api.put('a', definition('a'));
    await api.put('b', definition('b'));
    await api.del('a');
    expect(await metricValue(h.url, 'actionlake_action_edits_total{op="create"}')).toBe(2);
    expect(await metricValue(h.url, 'actionlake_action_edits_total{op="replace"}')).toBe(1);
    expect(await metricValue(h.url, 'actionlake_action_edits_total{op="delete"}')).toBe(1);
  });
});

describe('action edits without ADMIN_TOKEN', () => {
  it('refuses every edit and the editor check with 403 and how to enable them; reads still work', async () => {
    const h = await start({ adminToken: null });
    try {
      const api = actionsClient(h.url);
      for (const res of [await api.put('a', definition('a')), await api.del('a'), await api.editor()]) {
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({
          error: 'action edits are disabled: start the collector with ADMIN_TOKEN=<secret> to enable the Action Recorder',
        });
      }
      expect(storedBytes(h.lakeDir)).toBeNull();
      expect((await api.list()).status).toBe(200);
    } finally {
      await h.stop();
    }
  });
});

describe('CORS of the action routes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ adminToken: TOKEN, allowedOrigins: ['https://shop.example'] });
  });
  afterAll(() => h.stop());

  const preflight = (origin: string, path = '/v1/sites/demo/actions/a', method = 'PUT') =>
    fetch(`${h.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type,if-match' },
    });

  it('answers the preflight of an allowed origin with its origin, the methods and the headers the recorder sends', async () => {
    for (const [path, method] of [['/v1/sites/demo/actions/a', 'PUT'], ['/v1/sites/demo/actions/a', 'DELETE'], ['/v1/sites/demo/editor', 'GET']]) {
      const res = await preflight('https://shop.example', path, method);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect(res.headers.get('access-control-allow-methods')!.split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'PUT', 'DELETE']));
      expect(res.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type', 'if-match']));
      expect(res.headers.get('access-control-expose-headers')).toBe('ETag');
      expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
      expect(res.headers.get('vary')).toMatch(/Origin/);
    }
  });

  it('gives a disallowed origin no CORS headers', async () => {
    const res = await preflight('https://evil.example');
    expect(res.status).toBe(204);
    for (const h of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) expect(res.headers.get(h)).toBeNull();
    const put = await actionsClient(h.url).put('a', definition('a'), { origin: 'https://evil.example' });
    expect(put.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the allowed origin read the ETag of an edit and the 401 of a wrong token', async () => {
    const ok = await actionsClient(h.url).put('from-shop', definition('from-shop'), { origin: 'https://shop.example' });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(ok.headers.get('access-control-expose-headers')).toBe('ETag');
    const wrong = await actionsClient(h.url, 'demo', 'x').put('a', definition('a'), { origin: 'https://shop.example' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('echoes any origin when ALLOWED_ORIGINS is *', async () => {
    const h2 = await start({ adminToken: TOKEN, allowedOrigins: '*' });
    try {
      const res = await fetch(`${h2.url}/v1/sites/demo/actions/a`, { method: 'OPTIONS', headers: { origin: 'https://any.example', 'access-control-request-method': 'PUT' } });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://any.example');
    } finally {
      await h2.stop();
    }
  });
});

describe('the read cache (ACTIONS_CACHE_MS)', () => {
  it("shows this collector's edits at once and another collector's edits within ACTIONS_CACHE_MS", async () => {
    const a = await start({ adminToken: TOKEN, actionsCacheMs: 1_500 });
    // a second collector (its own spool) on the same lake
    const shared = await start({ adminToken: TOKEN }, { sink: new LocalFolderSink(a.lakeDir) });
    try {
      expect((await (await actionsClient(a.url).list()).json()).version).toBe('0'); // now cached in a
      const { version } = await (await actionsClient(shared.url).put('x', definition('x'))).json();
      expect((await (await actionsClient(a.url).list()).json()).version).toBe('0');
      await new Promise((r) => setTimeout(r, 1_600));
      expect((await (await actionsClient(a.url).list()).json()).version).toBe(version);
      const own = await (await actionsClient(a.url).put('y', definition('y'))).json();
      expect((await (await actionsClient(a.url).list()).json()).version).toBe(own.version);
    } finally {
      await shared.stop();
      await a.stop();
    }
  });
});
