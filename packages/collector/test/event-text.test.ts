/**
 * Lake rows written from the events' own text (ingest/event-texts.ts) instead of JSON.stringify:
 * the scanner that finds them, and, through a real collector, that a row written that way says
 * exactly what the parsed, validated event says, and falls back where the text would not.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import schema from '@actionlake/schema/lake-row.schema.json';
import { Enricher } from '../src/enrich/enricher';
import { bodySpans } from '../src/ingest/body-spans';
import { batch, event, start, type Harness } from './support/harness';

const spans = (text: string) => bodySpans(Buffer.from(text));
const texts = (text: string) => {
  const found = spans(text)!;
  return { ...found, events: found.events.map((s) => ({ ...s, text: text.slice(s.start, s.end) })) };
};

describe('bodySpans', () => {
  it('finds each event object and common, counting their members at every depth', () => {
    const body = '{"sent_at":"x","common":{"page":{"url":"u"}},"events":[{"a":1,"b":{"c":[{"d":2}]}},{"e":"f"}]}';
    const found = texts(body);
    expect(found.events.map((s) => [s.text, s.colons, s.compact])).toEqual([
      ['{"a":1,"b":{"c":[{"d":2}]}}', 4, true],
      ['{"e":"f"}', 1, true],
    ]);
    expect(found.items).toBe(2);
    expect(body.slice(found.common!.start, found.common!.end)).toBe('{"page":{"url":"u"}}');
    expect(found.common!.colons).toBe(2);
  });

  it('is not misled by braces, brackets, colons, quotes and backslashes inside strings', () => {
    const tricky = '{"t":"a}b]c{d[e:f,\\"g\\\\","u":"\\\\"}';
    const found = texts(`{"events":[${tricky},{"k":"\\u0022:}"}],"x":"\\"events\\":[{}]"}`);
    expect(found.events.map((s) => [s.text, s.colons])).toEqual([[tricky, 2], ['{"k":"\\u0022:}"}', 1]]);
  });

  it('marks whitespace outside strings, not inside them', () => {
    const found = texts('{ "events" : [ {"a":"x y\\t"} , {"b":\n1} ] }');
    expect(found.events.map((s) => s.compact)).toEqual([true, false]);
  });

  it('counts items that are not objects, and lists only the objects', () => {
    const found = spans('{"events":[1,"s",null,[{"a":1}],{"b":2},true]}')!;
    expect(found.items).toBe(6);
    expect(found.events).toHaveLength(1);
    expect(spans('{"events":[]}')!.items).toBe(0);
  });

  it('gives up on a repeated events or common key, a top level that is not an object, and broken JSON', () => {
    expect(spans('{"events":[{"a":1}],"events":[{"a":2}]}')).toBeNull();
    expect(spans('{"common":{},"events":[],"common":{}}')).toBeNull();
    expect(spans('[{"events":[]}]')).toBeNull();
    expect(spans('{"events":[{"a":"b}]}')).toBeNull();
    expect(spans('{"events":[{"a":1}]')).toBeNull();
  });

  it('tells whether a string holds an escaped surrogate, in any case, and not an escaped backslash before "ud83d"', () => {
    for (const esc of ['\\ud83d', '\\uD83D', '\\uDBFF', '\\udc00', '\\uDfFf', '\\ud83d\\ude00']) {
      expect([esc, spans(`{"events":[{"a":"x${esc}"}]}`)!.surrogateEscapes]).toEqual([esc, true]);
    }
    for (const esc of ['\\\\ud83d', '\\u0064800', '\\ud7ff', '\\ue000', '\\u00d8', 'ud83d']) {
      expect([esc, spans(`{"events":[{"a":"x${esc}"}]}`)!.surrogateEscapes]).toEqual([esc, false]);
    }
  });

  it('reads only top-level keys named exactly events or common', () => {
    expect(spans('{"x":{"events":[{"a":1}]},"eventsx":[{"b":1}]}')!.events).toHaveLength(0);
    expect(spans('{"\\u0065vents":[{"a":1}]}')!.events).toHaveLength(0);
  });
});

/** The unzipped bytes of every events/ object of a local lake. */
function lakeObjects(lakeDir: string): Buffer[] {
  return (fs.readdirSync(lakeDir, { recursive: true }) as string[])
    .filter((f) => f.startsWith('events') && f.endsWith('.ndjson.gz'))
    .map((f) => zlib.gunzipSync(fs.readFileSync(path.join(lakeDir, f))));
}

/** The lines of every events/ object of a local lake. */
const lakeLines = (lakeDir: string): string[] => lakeObjects(lakeDir).flatMap((o) => o.toString('utf8').split('\n').filter(Boolean));

describe('rows written from the event text', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await start({ collectorId: 'c-text' });
  });
  afterEach(() => h.stop());

  const lineOf = async (id: string) => {
    await h.collector.flush();
    const lines = lakeLines(h.lakeDir).filter((l) => l.includes(id.toLowerCase()));
    expect(lines).toHaveLength(1);
    return lines[0];
  };
  /** the same event sent pretty-printed (whitespace: written by JSON.stringify) gives this row */
  const stringified = async (e: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const twin = { ...e, event_id: (e.event_id as string).replace(/^.{8}/, 'aaaaaaaa') };
    expect((await h.post(JSON.stringify({ ...batch([twin]), ...extra }, null, 1))).status).toBe(200);
    return JSON.parse(await lineOf(twin.event_id as string));
  };
  const sameRow = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    const strip = ({ event_id: _id, received_at: _r, occurred_at: _o, ...rest }: Record<string, unknown>) => rest;
    expect(strip(a)).toEqual(strip(b));
  };

  it('holds what a stringified row holds, member for member, with and without common, consent and bot signals', async () => {
    const e = event({
      utm: { source: 'newsletter', medium: 'email' }, products: [{ name: 'Duke 200 — “Race”', price: 78990.5, currency: 'INR' }],
      element: { tag: 'button', text: 'Add ❤ to cart', classes: ['buy', 'big'] }, attributes: { size: 'L', n: 3, ok: true },
      consent: { state: 'granted', gpc: true, source: 'site' }, bot_signals: ['webdriver'],
    });
    const res = await h.post(JSON.stringify(batch([e])));
    expect(await res.json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    const line = await lineOf(e.event_id as string);
    // written from the text: the page's members first, as sent, each once
    expect(line.startsWith(`{"event_id":"${e.event_id}","site_id":"shop"`)).toBe(true);
    expect(line.match(/"consent":/g)).toHaveLength(1);
    sameRow(JSON.parse(line), await stringified(e));

    const { site_id, page, ...own } = event();
    const common = { site_id, page, device: { language: 'en-IN', timezone: 'Asia/Kolkata' } };
    expect((await h.post(JSON.stringify({ ...batch([own]), common }))).status).toBe(200);
    const merged = JSON.parse(await lineOf(own.event_id as string));
    expect(merged).toMatchObject({ ...common, consent: { state: 'granted', gpc: false, source: 'default' } });
    sameRow(merged, await stringified(own, { common }));
  });

  it('keeps one copy of a key the page repeated: the value that was validated (red when repeats are not checked)', async () => {
    const e = event();
    // the first "action" breaks the schema (201 characters); JSON.parse keeps the second
    const text = JSON.stringify(batch([e])).replace('"action":"Page viewed"', `"action":"${'x'.repeat(201)}","action":"Page viewed"`);
    expect(await (await h.post(text)).json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    const line = await lineOf(e.event_id as string);
    expect(line.match(/"action":/g)).toHaveLength(1);
    expect(line).not.toContain('x'.repeat(201));
  });

  it('keeps the event\'s own field over common\'s, once', async () => {
    const e = event({ page: { url: 'https://shop.example/mine', path: '/mine' } });
    const common = { page: { url: 'https://shop.example/common', path: '/common' } };
    expect((await h.post(JSON.stringify({ ...batch([e]), common }))).status).toBe(200);
    const line = await lineOf(e.event_id as string);
    expect(line.match(/"page":/g)).toHaveLength(1);
    expect(JSON.parse(line).page.path).toBe('/mine');
  });

  it('stores an id sent in capitals in lower case', async () => {
    const upper = event({ event_id: (event().event_id as string).toUpperCase() });
    expect(await (await h.post(JSON.stringify(batch([upper])))).json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    const line = await lineOf(upper.event_id as string);
    expect(line).toContain(`"event_id":"${(upper.event_id as string).toLowerCase()}"`);
    expect(line).not.toContain(upper.event_id as string);
  });

  it('stores bytes that are not UTF-8 as U+FFFD: every lake object stays UTF-8', async () => {
    const bad = event({ action: 'Caf\u00e9' });
    const body = Buffer.from(JSON.stringify(batch([bad])));
    const at = body.indexOf(Buffer.from('Caf\u00e9'));
    body[at + 3] = 0xff; // the first byte of "é" becomes a byte no UTF-8 text has
    body[at + 4] = 0x21; // its second byte "!", so the length stays the same
    expect(await (await h.post(body)).json()).toEqual({ accepted: 1, rejected: 0, errors: [] });
    expect(JSON.parse(await lineOf(bad.event_id as string)).action).toBe('Caf\ufffd!');
    for (const object of lakeObjects(h.lakeDir)) expect(isUtf8(object)).toBe(true);
  });

  it('stores an escaped lone surrogate, in capitals or not, as U+FFFD and keeps an escaped pair as its character', async () => {
    const e = [event({ action: 'Half \ud83d' }), event({ action: 'Half \uDE00' }), event({ action: 'Whole \ud83d\ude00' })];
    // JSON.stringify escapes a lone surrogate (\ud83d); write the pair escaped too, as some pages do
    const text = JSON.stringify(batch(e)).replace('Whole \ud83d\ude00', 'Whole \\ud83d\\uDE00');
    expect(await (await h.post(text)).json()).toEqual({ accepted: 3, rejected: 0, errors: [] });
    expect(JSON.parse(await lineOf(e[0].event_id as string)).action).toBe('Half \ufffd');
    expect(JSON.parse(await lineOf(e[1].event_id as string)).action).toBe('Half \ufffd');
    expect(JSON.parse(await lineOf(e[2].event_id as string)).action).toBe('Whole \ud83d\ude00');
    for (const line of lakeLines(h.lakeDir)) expect(line).not.toMatch(/\\u[dD][89a-fA-F]/);
  });

  it('keeps a number as the page wrote it (the row is the page\'s text, not a re-encoding)', async () => {
    const e = event({ products: [{ name: 'Duke 200', price: 78990.5, currency: 'INR' }] });
    const text = JSON.stringify(batch([e])).replace('"price":78990.5', '"price":78990.50');
    expect((await h.post(text)).status).toBe(200);
    expect(await lineOf(e.event_id as string)).toContain('"price":78990.50,');
  });

  it('writes one row per line when the page put tabs and newlines between members', async () => {
    const e = event({ action: 'Tabbed' });
    const text = JSON.stringify(batch([e])).replaceAll(',"', ',\t\n"');
    expect((await h.post(text)).status).toBe(200);
    expect(JSON.parse(await lineOf(e.event_id as string)).action).toBe('Tabbed');
  });

  it('the keys the enricher adds are not fields a page may send, but for consent (which it keeps as sent)', () => {
    // a row written from text holds the page's members and the added ones side by side: a page
    // field the enricher also sets would be written twice
    const e = event();
    const enricher = new Enricher({ collectorId: 'c', ipMode: 'anonymize', uaCacheSize: 1, geo: null });
    const ctx = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0', receivedAt: new Date() };
    const row = enricher.row(JSON.parse(JSON.stringify(e)), ctx, enricher.context(ctx));
    const added = Object.keys(row).filter((k) => !(k in e));
    expect(added.length).toBeGreaterThanOrEqual(11);
    const wire = Object.keys((schema as { definitions: { wireEventShape: { properties: object } } }).definitions.wireEventShape.properties);
    expect(added).toContain('consent');
    expect(added.filter((k) => wire.includes(k))).toEqual(['consent']);
  });
});
