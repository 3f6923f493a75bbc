/**
 * Lone surrogates (half an emoji, as a 200-code-unit cut leaves it) never reach the lake: the
 * collector stores U+FFFD instead, so DuckDB (the real embedded engine) reads every object.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { batch, event, lakeRows, start, type Harness } from './support/harness';

/** Every object the collector wrote, with its line count. */
function objects(lakeDir: string): { file: string; lines: number }[] {
  return (fs.readdirSync(lakeDir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ndjson.gz'))
    .map((f) => {
      const file = path.join(lakeDir, f);
      const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
      return { file, lines: text.split('\n').filter(Boolean).length };
    });
}

describe('well-formed strings in the lake', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await start({ badPayloadMaxBytes: 4_000 });
  });
  afterAll(() => h.stop());

  it('stores U+FFFD for a lone surrogate in rows and bad rows, and DuckDB reads every object', async () => {
    const half = '🛵'.slice(0, 1); // '\ud83d'
    const good = event({
      page: { url: 'https://shop.example/', path: '/', title: `Scooters ${half}`, referrer: '' },
      element: { tag: 'button', text: `${half}Buy` },
      products: [{ name: `Duke${half}`, price: 1, traits: { [`col${half}`]: `x${'🛵'.slice(1)}` } }],
      attributes: { [`k${half}`]: 'v' },
    });
    const bad = event({ action: '', page: { title: `bad ${half}` } });
    const res = await h.post(batch([good, bad]));
    expect(await res.json()).toMatchObject({ accepted: 1, rejected: 1 });
    // an unknown field named with a lone surrogate: the reason quotes the name
    expect(await (await h.post(batch([event({ [`x${half}`]: 1 })]))).json()).toMatchObject({ rejected: 1 });
    await h.collector.flush();

    const [row] = lakeRows(h.lakeDir, 'events/').map((r) => r.row);
    expect(row.page.title).toBe('Scooters \ufffd');
    expect(row.element.text).toBe('\ufffdBuy');
    expect(row.products[0]).toEqual({ name: 'Duke\ufffd', price: 1, traits: { 'col\ufffd': 'x\ufffd' } });
    expect(row.attributes).toEqual({ 'k\ufffd': 'v' });
    const badRows = lakeRows(h.lakeDir, 'bad/').map((r) => r.row);
    expect(badRows.map((b) => b.payload?.page?.title ?? null)).toContain('bad \ufffd');
    expect(badRows.some((b) => b.reason.includes("property 'x\ufffd'"))).toBe(true);

    const files = objects(h.lakeDir);
    expect(files.length).toBeGreaterThanOrEqual(2);
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      for (const { file, lines } of files) {
        const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited')`);
        expect({ file, n: reader.getRowObjects()[0].n }).toEqual({ file, n: lines });
      }
      const events = files.find((f) => f.file.includes(`${path.sep}events${path.sep}`))!.file;
      const titles = await conn.runAndReadAll(`SELECT page.title AS title FROM read_json('${events}', format = 'newline_delimited')`);
      expect(titles.getRowObjects()).toEqual([{ title: 'Scooters \ufffd' }]);
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  });
});
