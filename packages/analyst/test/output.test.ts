/**
 * What `actionlake` writes for people and their spreadsheets (issue 23 items 9 and 11): query
 * --out by format, every CSV neutralized against formula injection (a visitor's
 * `actionlake.identify('=HYPERLINK(...)')` must not run in the marketer's Excel) while ordinary
 * values, negative numbers included, read back as they were; terminal values in one style.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Duck } from '../src/ground/duck/duck';
import { csvLine } from '../src/ground/output/csv';
import { writeRows } from '../src/ground/output/files';
import { cli, event, startCollector, tempDir } from './support/lake';

jest.setTimeout(60_000);

const EVIL_USER = '=HYPERLINK("http://evil.example","Click")';
const AT = '2024-05-01T10:00:00.000Z';
let root: string;
let lake: string;

beforeAll(async () => {
  root = tempDir('output');
  lake = path.join(root, 'lake');
  const c = await startCollector(root, 'c1', lake);
  try {
    // what any visitor can send from the browser console, and an ordinary visitor
    await c.send([
      event(AT, { anonymous_id: 'evil-device', session_id: 'e1', user_id: EVIL_USER, action: 'Signed in', action_type: 'identify', traits: { name: '@SUM(1+1)*cmd|" /C calc"!A0' } }),
      event(AT, { anonymous_id: 'evil-device', session_id: 'e1', utm: { source: 'news', medium: 'email', campaign: '+cmd|calc' }, attributes: { discount: -5, code: '-5' },
        products: [{ id: 'p1', name: '\tTabbed', price: -2.5, currency: 'EUR' }] }),
      event(AT, { anonymous_id: 'ann-laptop', session_id: 'a1', user_id: 'ann', action: 'Signed in', action_type: 'identify' }),
    ], AT, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' });
    await c.flush();
  } finally {
    await c.close();
  }
  const built = await cli(['build', '--lake', lake]);
  if (built.code !== 0) throw new Error(built.stderr);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A CSV file read back by DuckDB, every cell as the text it holds, or typed as DuckDB guesses. */
async function readCsv(file: string, allText: boolean): Promise<Record<string, unknown>[]> {
  const duck = await Duck.open({ tempDir: root, threads: 1 });
  try {
    return await duck.all(`SELECT * FROM read_csv('${file}', header = true${allText ? ', all_varchar = true' : ''})`);
  } finally {
    duck.close();
  }
}

describe('CSV injection (issue 23 item 11)', () => {
  it('segment --out: the planted user id is text in a spreadsheet, the other persons as they were', async () => {
    const file = path.join(root, 'seg.csv');
    const r = await cli(['segment', '--where', 'true', '--out', file, '--lake', lake]);
    expect(r).toMatchObject({ code: 0, stdout: `2 persons match; written to ${file}\n` });
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('site_id,person_id,user_id,anonymous_ids');
    expect(lines.find((l) => l.includes('HYPERLINK'))).toMatch(/^shop,p[0-9a-f]{16},"'=HYPERLINK\(""http:\/\/evil\.example"",""Click""\)",evil-device$/);
    expect(lines.find((l) => l.includes('ann'))).toMatch(/^shop,p[0-9a-f]{16},ann,ann-laptop$/);
  });

  it('query --out FILE.csv: every attacker-controlled cell neutralized, numbers (negative too) read back as numbers', async () => {
    const file = path.join(root, 'q.csv');
    const sql = `SELECT user_id, utm.campaign AS campaign, products[1].name AS product, products[1].price AS price,
                        CAST(attributes->>'discount' AS INTEGER) AS discount, attributes->>'code' AS code, traits->>'name' AS trait, 'plain' AS plain
                 FROM events WHERE anonymous_id = 'evil-device' ORDER BY action`;
    const r = await cli(['query', sql, '--out', file, '--lake', lake]);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: `query: 2 rows written to ${file} (csv)\n` });
    const text = await readCsv(file, true);
    expect(text).toEqual([
      { user_id: null, campaign: "'+cmd|calc", product: "'\tTabbed", price: '-2.5', discount: '-5', code: '-5', trait: null, plain: 'plain' },
      { user_id: `'${EVIL_USER}`, campaign: null, product: null, price: null, discount: null, code: null, trait: '\'@SUM(1+1)*cmd|" /C calc"!A0', plain: 'plain' },
    ]);
    const typed = await readCsv(file, false);
    expect(typed[0]).toMatchObject({ price: -2.5, discount: -5, code: -5, plain: 'plain' });
  });

  it('query --out FILE.parquet / .json / .ndjson: the values as stored, for programs', async () => {
    const sql = "SELECT user_id FROM events WHERE user_id LIKE '=%'";
    for (const [name, read] of [
      ['q.parquet', (f: string) => `SELECT * FROM read_parquet('${f}')`],
      ['q.json', (f: string) => `SELECT * FROM read_json('${f}', format = 'array')`],
      ['q.ndjson', (f: string) => `SELECT * FROM read_json('${f}', format = 'newline_delimited')`],
    ] as const) {
      const file = path.join(root, name);
      const r = await cli(['query', sql, '--out', file, '--lake', lake]);
      expect(r.code).toBe(0);
      const duck = await Duck.open({ tempDir: root, threads: 1 });
      try {
        expect(await duck.all(read(file))).toEqual([{ user_id: EVIL_USER }]);
      } finally {
        duck.close();
      }
    }
    expect(fs.readFileSync(path.join(root, 'q.json'), 'utf8').trim()).toBe(`[\n\t${JSON.stringify({ user_id: EVIL_USER })}\n]`);
  });

  it('one rule in JavaScript and in DuckDB: the same cells come back from either writer', async () => {
    const values = [EVIL_USER, '+1-2', '-2+3+cmd|calc', '@SUM(A1)', '\tx', '\rx', '\nx', '-5', '+33', '1e5', '-.5', 'a,b', 'say "hi"', '', 'plain', "'=already", '=', '-'];
    const duck = await Duck.open({ tempDir: root, threads: 1 });
    try {
      const sqlFile = path.join(root, 'rule-sql.csv');
      await writeRows(duck, `SELECT v FROM (VALUES ${values.map((v, i) => `(${i}, '${v.replace(/'/g, "''")}')`).join(', ')}) t(i, v) ORDER BY i`, sqlFile, 'csv');
      const jsFile = path.join(root, 'rule-js.csv');
      fs.writeFileSync(jsFile, csvLine(['v']) + values.map((v) => csvLine([v])).join(''));
      const back = async (f: string) => (await duck.all<{ v: string }>(`SELECT v FROM read_csv('${f}', header = true, all_varchar = true, quote = '"', escape = '"')`)).map((r) => r.v);
      const expected = values.map((v) => (/^[=+\-@\t\r\n]/.test(v) && !/^[+-]?(\d+\.?\d*|\.\d+)(e\d+)?$/.test(v) ? `'${v}` : v));
      expected[values.indexOf('')] = null as unknown as string; // DuckDB reads "" back as NULL by default
      expect(await back(sqlFile)).toEqual(expected);
      expect(await back(jsFile)).toEqual(expected);
    } finally {
      duck.close();
    }
  });
});

describe('query --out (issue 23 item 9)', () => {
  it('refuses a file whose format it cannot tell, and --format says it', async () => {
    const txt = path.join(root, 'q.txt');
    const bad = await cli(['query', 'SELECT 1 AS n', '--out', txt, '--lake', lake]);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: `actionlake: cannot tell the format of ${txt} from its extension (.csv, .json, .ndjson, .jsonl, .parquet, .pq): add --format csv|json|ndjson|parquet\n` });
    expect(fs.existsSync(txt)).toBe(false);
    expect((await cli(['query', 'SELECT 1 AS n', '--out', txt, '--format', 'csv', '--lake', lake])).code).toBe(0);
    expect(fs.readFileSync(txt, 'utf8')).toBe('n\n1\n');
    expect((await cli(['query', 'SELECT 1', '--format', 'csv', '--lake', lake])).stderr).toBe('actionlake: query --format needs --out FILE (the terminal gets a table, or JSON with --json)\n');
  });
});

describe('the terminal (issue 23 item 9)', () => {
  it('rounds for display, prints maps and structs readably, amounts in one style', async () => {
    const r = await cli(['query', "SELECT 0.9999995702220221::DOUBLE AS credit, 1/3 AS third, MAP {'USD': 2.0::DOUBLE, 'EUR': 1.25::DOUBLE} AS by_currency, MAP {}::MAP(VARCHAR, DOUBLE) AS none, {'source': 'google', 'share': 0.123456::DOUBLE} AS s, [1, 2] AS l, 193080.5 AS amount", '--lake', lake]);
    expect(r.code).toBe(0);
    const [head, , row] = r.stdout.split('\n');
    expect(head.split(/\s{2,}/)).toEqual(['credit', 'third', 'by_currency', 'none', 's', 'l', 'amount']);
    expect(row.trim().split(/\s{2,}/)).toEqual(['1', '0.33', '{USD: 2, EUR: 1.25}', '{}', '{source: google, share: 0.12}', '[1, 2]', '193080.5']);
  });
});
