/**
 * The identity map of an incremental build (compact/identity.ts recomputes only the ids the new
 * rows reach, over the kept days' identity links) equals a full build's when the new rows reach a
 * kept day only through an alias's previous id or a click id: an alias on a new day makes an old
 * user id the new one's person, and a browser landing with a click id gives an old imported
 * conversion (a row with that click id alone) its person. The map and every row's person_id are
 * compared with a full build of the same raw objects.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { keptMapPrefix } from '@actionlake/schema/node';
import { cli, tempDir } from './support/lake';

const SITE = 'shop';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 1);
const OLD = END - 30 * DAY;
const NEW = END - DAY;

let lake: string;
let template: Record<string, unknown>;
let conn: DuckDBConnection;
let objects = 0;

interface Row { anon?: string; user?: string; type?: string; clickIds?: Record<string, string>; attributes?: Record<string, string>; action?: string; at: number }

/** One raw object of lake rows (made from a generated row) at the first row's day and hour. */
function addObject(rows: Row[]): void {
  const lines = rows.map((r) => {
    const iso = new Date(r.at).toISOString();
    return JSON.stringify({
      ...template,
      event_id: `00000000-0000-4000-8000-${String(++objects).padStart(12, '0')}`,
      anonymous_id: r.anon ?? null, user_id: r.user ?? null, email_sha256: null, session_id: r.anon ? `s-${r.anon}` : null,
      action: r.action ?? 'Page viewed', action_type: r.type ?? 'pageview', click_ids: r.clickIds ?? null, attributes: r.attributes ?? {},
      products: [], triggered_at: iso, received_at: iso, occurred_at: iso,
    });
  });
  const t = new Date(rows[0].at);
  const dir = path.join(lake, 'events', `site_id=${SITE}`, `dt=${t.toISOString().slice(0, 10)}`, `hour=${String(t.getUTCHours()).padStart(2, '0')}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `test-${String(objects).padStart(6, '0')}.ndjson.gz`), zlib.gzipSync(lines.join('\n') + '\n'));
}

/** identity_map's rows and each event's person_id, as sorted JSON lines. */
async function persons(root: string): Promise<string[]> {
  const read = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson().map((r) => JSON.stringify(r));
  return [
    ...(await read(`SELECT id_type, id, person_id, first_seen, last_seen, user_ids FROM read_parquet('${root}/tables/identity_map/**/*.parquet')`)),
    ...(await read(`SELECT event_id, person_id FROM read_parquet('${root}/tables/events/**/*.parquet')`)),
  ].sort();
}

beforeAll(async () => {
  const generated = tempDir('reach-generated');
  await promisify(execFile)(process.execPath, [
    path.join(ROOT, 'bench', 'analyst-generate.mjs'), '--out', generated, '--events', '200', '--visitors', '20',
    '--days', '2', '--collectors', '1', '--end', new Date(END).toISOString(), '--seed', '3',
  ]);
  const dayDir = path.join(generated, 'events', `site_id=${SITE}`);
  const first = fs.readdirSync(dayDir, { recursive: true }).map(String).find((f) => f.endsWith('.gz'))!;
  template = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(dayDir, first))).toString().split('\n')[0]);
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  lake = tempDir('reach-lake');
}, 60_000);

test('an alias and a click id on a new day reach the kept days they concern', async () => {
  // a user signed in on a browser 30 days ago; an imported conversion carrying a click id alone
  addObject([{ anon: 'dev-old', user: 'old-user', type: 'identify', action: 'Signed in', at: OLD + 3_600_000 }]);
  addObject([{ clickIds: { gclid: 'G-1' }, action: 'Order completed', at: OLD + 7_200_000 }]);
  addObject([{ anon: 'someone', at: OLD + 9_000_000 }]);
  expect((await cli(['build', '--lake', lake])).code).toBe(0);
  expect(fs.readdirSync(path.join(lake, ...keptMapPrefix(SITE).split('/')))).toHaveLength(1);

  // the backend aliases the old user id to a new one; a browser lands with the click id
  addObject([{ user: 'new-user', type: 'alias', action: 'Alias', attributes: { previous_id: 'old-user' }, at: NEW + 3_600_000 }]);
  addObject([{ anon: 'lander', clickIds: { gclid: 'G-1' }, at: NEW + 7_200_000 }]);
  addObject([{ anon: 'someone-else', at: NEW + 9_000_000 }]);
  const b = await cli(['build', '--lake', lake]);
  expect(b.code).toBe(0);
  expect(b.stdout).toMatch(/models: .*incremental/);

  const full = tempDir('reach-full');
  fs.cpSync(path.join(lake, 'events'), path.join(full, 'events'), { recursive: true });
  expect((await cli(['build', '--lake', full])).code).toBe(0);
  expect(await persons(lake)).toEqual(await persons(full));
  // what the full build says: the old user is the new one's person, the conversion the lander's
  const [row] = (await conn.runAndReadAll(`SELECT
      (SELECT count(DISTINCT person_id) FROM read_parquet('${full}/tables/identity_map/**/*.parquet') WHERE id IN ('old-user', 'new-user', 'dev-old'))::INT AS users,
      (SELECT count(DISTINCT person_id) FROM read_parquet('${full}/tables/events/**/*.parquet') WHERE anonymous_id = 'lander' OR action = 'Order completed')::INT AS click`)).getRowObjectsJson();
  expect(row).toEqual({ users: 1, click: 1 });
}, 120_000);
