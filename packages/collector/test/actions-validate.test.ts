/** Each rule of an ActionDefinition just over its limit (400/413 naming the field), and at it (accepted). */
import { PLAIN_PSEUDOS } from '../src/actions/selector';
import { validateAction, type ActionLimits } from '../src/actions/validate';
import { actionsClient, definition, storedBytes, TOKEN } from './support/actions';
import { start, type Harness } from './support/harness';

const limits: ActionLimits = { actionMaxBytes: 16_384, actionMaxFields: 30, actionSelectorMaxLength: 1_024 };

function problems(body: object, id = 'a', l = limits): string[] {
  const r = validateAction(body, id, l);
  return r.ok ? [] : r.errors;
}

/** a valid selector of exactly n characters */
const selectorOf = (n: number) => '.' + 'a'.repeat(n - 1);
const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, `.f${i}`]));

describe('validateAction', () => {
  it('accepts a full definition and stores it with the URL id, trimmed name and known fields only', () => {
    const body = {
      name: '  Product clicked ',
      selector: '.product-card a.buy',
      url: '/products/*',
      container: '.product-card',
      product: { name: '.title', price: '.price@content', brand: '@data-brand', id: '[data-sku]@data-sku', color: '.color' },
      attributes: { plan: '[data-plan]', 'list name': ':scope > h2' },
      fallback: { path: 'div.card > a', text: 'Buy' },
    };
    const r = validateAction(body, 'product-card-click', limits);
    expect(r).toEqual({ ok: true, action: { id: 'product-card-click', ...body, name: 'Product clicked' } });
  });

  it('checks the id against ^[a-z0-9][a-z0-9_-]{0,63}$ and the id of the URL', () => {
    expect(problems(definition('a'.repeat(64)), 'a'.repeat(64))).toEqual([]);
    expect(problems(definition('a'.repeat(65)), 'a'.repeat(65))[0]).toMatch(/^id "a{65}" in the URL is not valid \(\^\[a-z0-9\]/);
    expect(problems(definition('Upper'), 'Upper')[0]).toMatch(/^id "Upper" in the URL is not valid/);
    expect(problems(definition('b'), 'a')).toEqual(['id "b" in the body is not the id "a" of the URL']);
  });

  it('requires a name of at most 200 characters', () => {
    expect(problems(definition('a', { name: 'n'.repeat(200) }))).toEqual([]);
    expect(problems(definition('a', { name: 'n'.repeat(201) }))).toEqual(['name is 201 characters long; the limit is 200']);
    for (const name of [undefined, '', '   ', 42]) expect(problems(definition('a', { name: name as string }))[0]).toMatch(/^name is required/);
  });

  it('requires a selector that parses as CSS, naming the field', () => {
    const { selector: _s, ...none } = definition('a');
    expect(problems(none)).toEqual(['selector is required (a CSS selector)']);
    expect(problems(definition('a', { selector: '.a[' }))).toEqual(['selector is not a valid CSS selector: Expected name, found ']);
    expect(problems(definition('a', { selector: 'div >' }))[0]).toMatch(/^selector is not a valid CSS selector: ends with a combinator/);
    expect(problems(definition('a', { selector: '> a' }))[0]).toMatch(/^selector is not a valid CSS selector: starts with a combinator/);
    expect(problems(definition('a', { selector: 'a,,b' }))[0]).toMatch(/^selector is not a valid CSS selector/);
    expect(problems(definition('a', { selector: '' }))).toEqual(['selector must not be empty']);
    expect(problems(definition('a', { selector: 12 as unknown as string }))).toEqual(['selector must be a string (a CSS selector)']);
    // `sel::text` (the element's own text) is a field value form; other pseudo-elements are not
    expect(problems(definition('a', { product: { price: '.card-body > div::text', name: '::text' } }))).toEqual([]);
    expect(problems(definition('a', { product: { price: '.box::before' } }))[0]).toMatch(/^product\.price is not a valid CSS selector: the pseudo-element ::before/);
    expect(problems(definition('a', { selector: 'a::text' }))[0]).toMatch(/^selector is not a valid CSS selector: the pseudo-element ::text/);
    // the attribute form is for field values only
    expect(problems(definition('a', { selector: 'a@href' }))).toEqual(['selector: "@href" reads an attribute, which only product and attributes values can do']);
    expect(problems(definition('a', { selector: 'li:has(> a.buy), .card:not(.sold) a[href^="/p"]' }))).toEqual([]);
  });

  it('refuses what css-what parses but browsers refuse: unknown pseudo-classes, pseudo-elements, bad :nth-*(), [attr=]', () => {
    const bad = (selector: string) => problems(definition('a', { selector }));
    const invalid = 'selector is not a valid CSS selector: ';
    expect(bad('a:foo')).toEqual([`${invalid}unknown pseudo-class :foo (browsers refuse it)`]);
    expect(bad('a:contains(Buy)')).toEqual([`${invalid}unknown pseudo-class :contains() (browsers refuse it)`]);
    expect(bad('.card:not(a:hovered)')).toEqual([`${invalid}inside :not(): unknown pseudo-class :hovered (browsers refuse it)`]);
    expect(bad('a::nope')).toEqual([`${invalid}the pseudo-element ::nope is never the element clicked; select the element itself`]);
    for (const s of ['a::before', 'a:before', 'p::first-line']) expect(bad(s)[0]).toMatch(/^selector is not a valid CSS selector: the pseudo-element ::(before|first-line) is never/);
    expect(bad('[data-x=]')).toEqual([`${invalid}[data-x=] has no value (an empty one must be quoted: "")`]);
    expect(bad('a[data-x^= ]')[0]).toMatch(/^selector is not a valid CSS selector: \[data-x\^= \] has no value/);
    expect(bad('a:nth-child(foo)')).toEqual([`${invalid}:nth-child(foo): the argument must be an+b, odd or even, optionally followed by "of <selector>"`]);
    for (const s of ['a:nth-child()', 'a:nth-child(2n+)', 'a:nth-child(n 2)', 'a:nth-child(2n+1 of )', 'a:nth-last-of-type(1.5)', 'a:nth-child(+ n)']) {
      expect(bad(s)[0]).toMatch(/^selector is not a valid CSS selector: :nth-(child|last-of-type)/);
    }
    expect(bad('a:nth-of-type(2n of .x)')).toEqual([`${invalid}:nth-of-type() takes no "of <selector>" (only :nth-child() and :nth-last-child() do)`]);
    expect(bad('li:nth-child(2n+1 of .a:foo)')).toEqual([`${invalid}inside :nth-child(... of): unknown pseudo-class :foo (browsers refuse it)`]);
    expect(bad('a:first-child(2)')).toEqual([`${invalid}:first-child takes no argument`]);
    expect(bad('a:hover()')).toEqual([`${invalid}:hover takes no argument`]);
    expect(bad('a:dir(up)')).toEqual([`${invalid}:dir() takes ltr or rtl`]);
    expect(bad('a:lang()')).toEqual([`${invalid}:lang() needs a language, e.g. :lang(en)`]);
    expect(problems(definition('a', { product: { price: '.price::after@content' } }))[0]).toMatch(/^product\.price is not a valid CSS selector: the pseudo-element ::after/);
  });

  it('accepts the pseudo-classes browsers support and every form of an+b', () => {
    for (const name of PLAIN_PSEUDOS) expect([name, problems(definition('a', { selector: `a:${name}` }))]).toEqual([name, []]);
    for (const selector of [
      'a:nth-child(odd)', 'a:NTH-CHILD(Even)', 'li:nth-child(-n + 3)', 'li:nth-child(2n+1 of .a)', 'li:nth-last-child(+3 of :is(.a, .b))',
      'li:nth-last-of-type(3)', 'li:nth-of-type(n)', 'li:nth-child(-2n-1)', '[data-x=""]', "[data-x='']", '[data-x="a]="]', 'a:dir(rtl)', 'a:lang(en)',
      ':is(.a, .b):not(:focus-within)', ':where(a) b:has(> c:checked)', 'input:placeholder-shown, a:any-link',
    ]) {
      expect([selector, problems(definition('a', { selector }))]).toEqual([selector, []]);
    }
  });

  it('checks container, fallback.path and every product / attributes value as CSS', () => {
    expect(problems(definition('a', { container: '.a[' }))[0]).toMatch(/^container is not a valid CSS selector/);
    expect(problems(definition('a', { fallback: { path: '.a[' } }))[0]).toMatch(/^fallback\.path is not a valid CSS selector/);
    expect(problems(definition('a', { product: { price: '.a[' } }))[0]).toMatch(/^product\.price is not a valid CSS selector/);
    expect(problems(definition('a', { attributes: { plan: ':not(' } }))[0]).toMatch(/^attributes\.plan is not a valid CSS selector/);
    expect(problems(definition('a', { product: { price: '.price@1x' } }))).toEqual([
      'product.price: "@1x" is not a valid attribute name (after @: ^[A-Za-z_:][-A-Za-z0-9_:.]*$)',
    ]);
    expect(problems(definition('a', { product: { price: '.price@' } }))[0]).toMatch(/^product\.price: "@" is not a valid attribute name/);
    expect(problems(definition('a', { product: { name: '@data-name', price: '.p@data-price', id: '[data-x="a@b"]' } }))).toEqual([]);
  });

  it('limits every selector to ACTION_SELECTOR_MAX_LENGTH characters', () => {
    const l = { ...limits, actionSelectorMaxLength: 50 };
    expect(problems(definition('a', { selector: selectorOf(50), container: selectorOf(50), product: { name: selectorOf(50) }, fallback: { path: selectorOf(50) } }), 'a', l)).toEqual([]);
    const over = 'is 51 characters long; the limit is 50 (ACTION_SELECTOR_MAX_LENGTH)';
    expect(problems(definition('a', { selector: selectorOf(51) }), 'a', l)).toEqual([`selector ${over}`]);
    expect(problems(definition('a', { container: selectorOf(51) }), 'a', l)).toEqual([`container ${over}`]);
    expect(problems(definition('a', { product: { name: selectorOf(51) } }), 'a', l)).toEqual([`product.name ${over}`]);
    expect(problems(definition('a', { attributes: { plan: selectorOf(51) } }), 'a', l)).toEqual([`attributes.plan ${over}`]);
    expect(problems(definition('a', { fallback: { path: selectorOf(51) } }), 'a', l)).toEqual([`fallback.path ${over}`]);
  });

  it('takes an optional url glob starting with / of at most 1024 characters', () => {
    expect(problems(definition('a', { url: '/' + 'p'.repeat(1023) }))).toEqual([]);
    expect(problems(definition('a', { url: '/' + 'p'.repeat(1024) }))).toEqual(['url is 1025 characters long; the limit is 1024']);
    expect(problems(definition('a', { url: 'products/*' }))[0]).toMatch(/^url must be a path glob starting with "\/"/);
    const { url: _u, ...noUrl } = definition('a');
    expect(problems(noUrl)).toEqual([]);
  });

  it('refuses url globs an older sdk.js would match with catastrophic backtracking: over 3 wildcards in a segment, or ***', () => {
    expect(problems(definition('a', { url: '/*-*-*/buy/**' }))).toEqual([]);
    expect(problems(definition('a', { url: '/*-*-*-*/buy' }))).toEqual([
      'url has 4 wildcards in the path segment "*-*-*-*"; the limit is 3 per segment (older sdk.js copies would match it with a backtracking regex)',
    ]);
    expect(problems(definition('a', { url: '/*-*-*-*-*-*-*-*/buy' }))[0]).toMatch(/^url has 8 wildcards .* the limit is 3 per segment/);
    expect(problems(definition('a', { url: '/p/***' }))[0]).toMatch(/^url must not contain "\*\*\*"/);
  });

  it('refuses :has() nested in :has() (Chromium refuses it), also through :is()', () => {
    expect(problems(definition('a', { selector: 'li:has(> a):has(.b)' }))).toEqual([]);
    expect(problems(definition('a', { selector: ':has(:has(a))' }))).toEqual(['selector is not a valid CSS selector: inside :has(): :has() inside :has() (browsers refuse nested :has)']);
    expect(problems(definition('a', { container: 'div:has(:is(p:has(a)))' }))[0]).toMatch(/container is not a valid CSS selector: .*:has\(\) inside :has\(\)/);
  });

  it('takes product and attribute field names of [A-Za-z0-9_ -]{1,64}', () => {
    expect(problems(definition('a', { product: { ['k'.repeat(64)]: '.x' }, attributes: { 'list name': '.x' } }))).toEqual([]);
    expect(problems(definition('a', { product: { ['k'.repeat(65)]: '.x' } }))[0]).toMatch(/^product field name "k{65}" is not valid/);
    expect(problems(definition('a', { attributes: { 'pl$an': '.x' } }))[0]).toMatch(/^attributes field name "pl\$an" is not valid/);
    expect(problems(definition('a', { attributes: { '': '.x' } }))[0]).toMatch(/^attributes field name "" is not valid/);
    expect(problems(JSON.parse('{"name":"x","selector":".a","product":{"__proto__":".x"}}'))[0]).toMatch(/^product field name "__proto__"/);
    expect(problems(definition('a', { product: ['.x'] as unknown as Record<string, string> }))[0]).toMatch(/^product must be an object/);
  });

  it('limits product + attributes fields together to ACTION_MAX_FIELDS', () => {
    expect(problems(definition('a', { product: fields(20), attributes: fields(10) }))).toEqual([]);
    expect(problems(definition('a', { product: fields(20), attributes: fields(11) }))).toEqual([
      'product and attributes have 31 fields together; the limit is 30 (ACTION_MAX_FIELDS)',
    ]);
  });

  it('takes a fallback { path, text? } with text of at most 200 characters', () => {
    expect(problems(definition('a', { fallback: { path: 'a.buy', text: 't'.repeat(200) } }))).toEqual([]);
    expect(problems(definition('a', { fallback: { path: 'a.buy', text: 't'.repeat(201) } }))).toEqual(['fallback.text is 201 characters long; the limit is 200']);
    expect(problems(definition('a', { fallback: { text: 'Buy' } as unknown as { path: string } }))).toEqual(['fallback.path is required (a CSS selector)']);
    expect(problems(definition('a', { fallback: { path: 'a', xpath: '//a' } as { path: string } }))[0]).toMatch(/^unknown field fallback\.xpath/);
  });

  it('takes "conversion" as a boolean only (§7: its events count as conversions)', () => {
    expect(validateAction(definition('a', { conversion: true }), 'a', limits)).toEqual({ ok: true, action: { ...definition('a'), conversion: true } });
    expect(validateAction(definition('a', { conversion: false }), 'a', limits)).toEqual({ ok: true, action: { ...definition('a'), conversion: false } });
    expect(validateAction(definition('a'), 'a', limits)).toEqual({ ok: true, action: definition('a') });
    for (const bad of ['true', 1, null, {}]) expect(problems(definition('a', { conversion: bad as boolean }))).toEqual([`conversion must be true or false, not ${JSON.stringify(bad)}`]);
  });

  it('refuses unknown top-level fields and lists every problem', () => {
    expect(problems(definition('a', { event: 'click' }))).toEqual(['unknown field "event"; allowed: id, name, selector, url, container, product, attributes, fallback, conversion']);
    const r = validateAction({ name: '', selector: '.a[', extra: 1 }, 'a', limits);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(3);
      expect(r.error).toMatch(/^3 problems: unknown field "extra".*; name is required.*; selector is not a valid CSS selector/);
    }
    expect(validateAction([definition('a')], 'a', limits)).toMatchObject({ ok: false, status: 400, error: 'the body must be a JSON object (an ActionDefinition)' });
  });

  it('limits the encoded definition to ACTION_MAX_BYTES (413)', () => {
    const base = definition('a', { attributes: { note: '' } });
    const pad = 1_000 - Buffer.byteLength(JSON.stringify(base));
    const exact = definition('a', { attributes: { note: '.' + 'n'.repeat(pad - 1) } });
    expect(Buffer.byteLength(JSON.stringify(exact))).toBe(1_000);
    expect(validateAction(exact, 'a', { ...limits, actionMaxBytes: 1_000 }).ok).toBe(true);
    expect(validateAction(exact, 'a', { ...limits, actionMaxBytes: 999 })).toMatchObject({
      ok: false, status: 413, error: 'the action definition is 1000 bytes as JSON; the limit is 999 (ACTION_MAX_BYTES)',
    });
  });
});

describe('validation over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ adminToken: TOKEN, actionMaxBytes: 2_000, actionsMaxPerSite: 3, actionMaxFields: 4, actionSelectorMaxLength: 100 });
  });
  afterAll(() => h.stop());

  it('answers 400 {error, errors} naming the field for a bad selector, and stores nothing', async () => {
    const res = await actionsClient(h.url, 'val').put('a', definition('a', { selector: '.a[' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'selector is not a valid CSS selector: Expected name, found ', errors: ['selector is not a valid CSS selector: Expected name, found '] });
    expect(storedBytes(h.lakeDir, 'val')).toBeNull();
  });

  it('stores and serves "conversion": true, and answers 400 to "conversion": "yes"', async () => {
    const api = actionsClient(h.url, 'conv');
    expect((await api.put('buy', definition('buy', { conversion: 'yes' as unknown as boolean }))).status).toBe(400);
    expect(storedBytes(h.lakeDir, 'conv')).toBeNull();
    expect((await api.put('buy', definition('buy', { conversion: true }))).status).toBe(201);
    const served = await (await fetch(`${h.url}/v1/sites/conv/actions`)).json();
    expect(served.actions).toEqual([{ ...definition('buy'), conversion: true }]);
  });

  it('answers 400 naming the field and the pseudo-class a browser would refuse', async () => {
    const res = await actionsClient(h.url, 'pseudo').put('a', definition('a', { container: '.card:contains(Buy)' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('container is not a valid CSS selector: unknown pseudo-class :contains() (browsers refuse it)');
    expect(storedBytes(h.lakeDir, 'pseudo')).toBeNull();
  });

  it('applies the configured field and selector limits', async () => {
    const api = actionsClient(h.url, 'limits');
    expect((await api.put('a', definition('a', { product: fields(2), attributes: fields(2), selector: selectorOf(100) }))).status).toBe(201);
    const tooMany = await api.put('a', definition('a', { product: fields(3), attributes: fields(2) }));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error).toBe('product and attributes have 5 fields together; the limit is 4 (ACTION_MAX_FIELDS)');
    const long = await api.put('a', definition('a', { selector: selectorOf(101) }));
    expect((await long.json()).error).toBe('selector is 101 characters long; the limit is 100 (ACTION_SELECTOR_MAX_LENGTH)');
  });

  it('takes a body of exactly ACTION_MAX_BYTES and answers 413 to one byte more', async () => {
    const h2 = await start({ adminToken: TOKEN, actionMaxBytes: 1_000 });
    try {
      const api = actionsClient(h2.url, 'bytes');
      const base = definition('a', { attributes: { note: '' } });
      const exact = definition('a', { attributes: { note: '.' + 'n'.repeat(1_000 - Buffer.byteLength(JSON.stringify(base)) - 1) } });
      const json = JSON.stringify(exact);
      expect(Buffer.byteLength(json)).toBe(1_000);
      expect((await api.put('a', json)).status).toBe(201);
      const res = await api.put('a', json + ' ');
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: 'body is larger than 1000 bytes (ACTION_MAX_BYTES)' });
      expect(JSON.parse(storedBytes(h2.lakeDir, 'bytes')!.toString()).actions).toEqual([exact]);
    } finally {
      await h2.stop();
    }
  });

  it('keeps at most ACTIONS_MAX_PER_SITE definitions (replacing one still works at the limit)', async () => {
    const api = actionsClient(h.url, 'count');
    for (const id of ['a', 'b', 'c']) expect((await api.put(id, definition(id))).status).toBe(201);
    const before = storedBytes(h.lakeDir, 'count');
    const res = await api.put('d', definition('d'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'the site has 3 action definitions; the limit is 3 (ACTIONS_MAX_PER_SITE)' });
    expect(storedBytes(h.lakeDir, 'count')).toEqual(before);
    expect((await api.put('b', definition('b', { name: 'Renamed' }))).status).toBe(200);
  });
});
