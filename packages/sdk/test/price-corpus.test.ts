/**
 * parsePrice against fixtures/prices.tsv: ~3,000 price strings from real pages and real locale
 * data (see fixtures/README.md), each with the amount and currency it must read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePrice } from '../src/core/price';

interface Row { line: number; text: string; lang: string; price: string; currency: string; source: string; note: string; hint: string }

const rows: Row[] = fs.readFileSync(path.join(__dirname, 'fixtures/prices.tsv'), 'utf8')
  .split('\n')
  .map((l, i) => ({ l, line: i + 1 }))
  .filter(({ l }) => l && !l.startsWith('#'))
  .map(({ l, line }) => {
    const [text, lang, price, currency, source, note, hint] = l.split('\t');
    return { line, text, lang, price, currency, source, note: note || '', hint: hint || '' };
  });

function reads(r: Row): string {
  const p = parsePrice(r.text, r.lang || undefined, r.hint || undefined);
  return p ? `${p.price} ${p.currency || ''}`.trim() : 'not a price';
}
const expected = (r: Row): string => (r.price === '' ? 'not a price' : `${Number(r.price)} ${r.currency}`.trim());

describe('parsePrice on the price corpus', () => {
  it('has several hundred rows from each kind of source', () => {
    const by = (s: string) => rows.filter((r) => r.source.startsWith(s)).length;
    expect(by('price-parser')).toBeGreaterThan(800);
    expect(by('intl-')).toBeGreaterThan(1500);
    expect(by('issue-9')).toBeGreaterThan(40);
  });

  it('reads every row as expected, except the rows marked as known misses', () => {
    const wrong = rows.filter((r) => !r.note.startsWith('miss:') && reads(r) !== expected(r))
      .map((r) => `line ${r.line}: ${JSON.stringify(r.text)} (lang ${r.lang || '-'}) read as ${reads(r)}, expected ${expected(r)}`);
    expect(wrong).toEqual([]);
  });

  it('still misses the known misses (fixed ones lose their mark)', () => {
    const fixed = rows.filter((r) => r.note.startsWith('miss:') && reads(r) === expected(r)).map((r) => r.text);
    expect(fixed).toEqual([]);
  });
});
