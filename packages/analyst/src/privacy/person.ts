/**
 * The person behind one id, for erase and export (contract §8): the ONE person rule
 * (sql/models/identity_map.sql and sql/macros/person.sql, as compact and the models apply it) run
 * over the site's raw rows of every source (and the table's rows of days whose raw objects expired), with one difference: bots count like anyone (erasure
 * must not miss a row the models leave out, and a crawler's row that carries a person's id is
 * that person's row). The id may be a user_id, an anonymous_id, an email address (normalized and
 * hashed, contract §10) or its email_sha256, a click id as identity_map names it (`gclid:…`), or
 * a person_id.
 *
 * The map is kept in DuckDB as PRIVACY_MAP (compact and models, which erase runs afterwards,
 * replace `identity_map`), and the person's raw rows are known by rowKey: erase and export then
 * stream the raw objects and keep or drop each line by its key. A resumed erase passes the ids
 * the interrupted run found (`saved`): rows that tied some of them to the person may be gone
 * already, so they are the person's by that record, whatever the rows left say.
 */
import fs from 'node:fs';
import { emailSha256, parseRawKey, parseTableKey, rawPrefix, tablePrefix } from '@actionlake/schema/node';
import { LocalLake } from '../ground/lake/local';
import { lit } from '../ground/duck/duck';
import type { Context } from '../ground/context';
import { rawColumns } from '../compact/columns';
import { createIds, IDS, idSelect, PRIVACY_STAGING, stageDay } from '../compact/stage';
import { parquetSource } from '../ground/duck/views';
import { localFiles } from '../ground/lake/local-copy';

/** the identity map erase and export build (bots included) */
export const PRIVACY_MAP = 'privacy_identity_map';

export interface PersonId {
  id_type: string;
  id: string;
}

export interface Person {
  /** null: no row of the site has the id */
  personId: string | null;
  /** every id of the person (identity_map's id types), or the id as given when no row has it */
  ids: PersonId[];
  /** rowKey of each of the person's raw rows */
  rows: Set<string>;
  /** addresses in clear from the person's identify traits (a bad row's payload may hold one) */
  addresses: string[];
}

/** What tells a raw row apart: its event_id and ids (an event_id alone could be sent twice). */
export function rowKey(r: { event_id?: unknown; user_id?: unknown; anonymous_id?: unknown; email_sha256?: unknown }): string {
  return [r.event_id, r.user_id, r.anonymous_id, r.email_sha256].map((v) => (typeof v === 'string' ? v : '')).join('\n');
}
const ROW_KEY_SQL = `concat_ws(chr(10), coalesce(event_id, ''), coalesce(user_id, ''), coalesce(anonymous_id, ''), coalesce(email_sha256, ''))`;

/** Whether a raw row is the person's. */
export const isPersons = (p: Person, row: Parameters<typeof rowKey>[0]): boolean => p.rows.has(rowKey(row));

/** the order in which an id that is several kinds at once is taken: the strongest first */
const ID_ORDER = `CASE id_type WHEN 'user_id' THEN 1 WHEN 'email' THEN 2 WHEN 'anonymous_id' THEN 3 ELSE 4 END`;

/**
 * Stages the site's raw rows (the id columns compact reads, salvaging broken objects), and the
 * tables/events rows of days left with no raw object, as the view `events`, bots included.
 */
async function stageRaw(ctx: Context, site: string): Promise<void> {
  const { duck } = ctx;
  await createIds(duck, rawColumns(), PRIVACY_STAGING);
  const days = new Map<string, Awaited<ReturnType<Context['lake']['list']>>>();
  for (const o of await ctx.lake.list(rawPrefix('events', site))) {
    const dt = parseRawKey(o.key)?.dt;
    if (dt) days.set(dt, [...(days.get(dt) ?? []), o]);
  }
  for (const [dt, objects] of days) {
    ctx.progress.update(`${site}: reading the ids of day ${dt}`);
    const staged = await stageDay(duck, ctx.lake, dt, objects, ctx.work, PRIVACY_STAGING);
    // copies of S3 objects: the ids are in DuckDB now
    if (!(ctx.lake instanceof LocalLake)) for (const f of staged.files) await fs.promises.rm(f.file, { force: true });
  }
  // days whose raw objects are gone (an S3 lifecycle rule) while their tables/events files are not:
  // the ids of those rows too, so a person seen only there is found (privacy/tables.ts erases them)
  const tableOnly = await tableOnlyKeys(ctx, site, new Set(days.keys()));
  if (tableOnly.length) {
    const files = await localFiles(ctx.lake, tableOnly, ctx.work);
    await duck.run(`INSERT INTO ${IDS} SELECT ${idSelect(PRIVACY_STAGING.ids)}, CAST(dt AS VARCHAR) FROM ${parquetSource(files)}`);
  }
  await duck.run(`CREATE OR REPLACE TEMP VIEW events AS SELECT * REPLACE (NULL::STRUCT(is_bot BOOLEAN) AS bot) FROM ${IDS}`);
}

/**
 * The tables/events files of days with no raw object left (`rawDays`: the days that have some;
 * listed when not given): their rows are in the lake only there.
 */
export async function tableOnlyKeys(ctx: Context, site: string, rawDays?: Set<string>): Promise<string[]> {
  const have = rawDays ?? new Set((await ctx.lake.list(rawPrefix('events', site))).map((o) => parseRawKey(o.key)?.dt ?? ''));
  return (await ctx.lake.list(tablePrefix('events', site)))
    .filter((o) => o.key.endsWith('.parquet') && !have.has(parseTableKey(o.key)?.dt ?? '')).map((o) => o.key);
}

export async function resolvePerson(ctx: Context, site: string, id: string, saved?: { personId: string | null; ids: PersonId[] }): Promise<Person> {
  const { duck } = ctx;
  await ctx.sql.loadMacros(duck);
  await stageRaw(ctx, site);
  try {
    await duck.run(`CREATE OR REPLACE TABLE ${PRIVACY_MAP} AS ${ctx.sql.model('identity_map').select}`);
    const email = emailSha256(id);
    const [found] = await duck.all<{ person_id: string }>(`
      SELECT person_id FROM ${PRIVACY_MAP}
      WHERE site_id = ${lit(site)} AND (id = ${lit(id)} OR (id_type = 'email' AND id = ${lit(email ?? '')}) OR person_id = ${lit(id)})
      ORDER BY ${ID_ORDER}, person_id LIMIT 1`);
    const personId = saved?.personId ?? found?.person_id ?? null;
    if (personId && saved?.ids.length) {
      const values = saved.ids.map((i) => `(${lit(site)}, ${lit(i.id_type)}, ${lit(i.id)}, ${lit(personId)})`).join(', ');
      await duck.run(`DELETE FROM ${PRIVACY_MAP} m USING (VALUES ${values}) v(s, t, i, p) WHERE m.id_type = v.t AND m.id = v.i;
        INSERT INTO ${PRIVACY_MAP} (site_id, id_type, id, person_id) VALUES ${values}`);
    }
    if (!personId) {
      // nobody has it (yet): the id itself is what the suppression list takes
      const ids: PersonId[] = [{ id_type: 'id', id }];
      if (email) ids.push({ id_type: 'email', id: email });
      return { personId: null, ids, rows: new Set(), addresses: email ? [id.trim()] : [] };
    }
    const ids = await duck.all<PersonId>(`SELECT id_type, id FROM ${PRIVACY_MAP} WHERE site_id = ${lit(site)} AND person_id = ${lit(personId)} ORDER BY ${ID_ORDER}, id`);
    const rows = await duck.all<{ key: string; address: string | null }>(`
      SELECT ${ROW_KEY_SQL} AS key, json_extract_string(traits, '$.email') AS address
      FROM al_with_person_in('events', '${PRIVACY_MAP}') WHERE person_id = ${lit(personId)}`);
    const addresses = new Set(rows.map((r) => r.address).filter((a): a is string => typeof a === 'string' && a.trim() !== ''));
    if (email) addresses.add(id.trim());
    return { personId, ids, rows: new Set(rows.map((r) => r.key)), addresses: [...addresses].sort() };
  } finally {
    await duck.run(`DROP VIEW IF EXISTS events; DROP TABLE IF EXISTS ${IDS}`);
  }
}
