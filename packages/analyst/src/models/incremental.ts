/**
 * The incremental build: the persons are the unit. After new raw objects only the persons they
 * touch are recomputed, each from their whole history, and every other person's rows are kept
 * from the last build, so the tables equal a full rebuild's (contract §7).
 *
 * Affected persons (table al_affected, per site), general over "ids → person":
 *  - the person_id of every row of a day whose raw objects changed (compact stamped it);
 *  - both the old and the new person of every id whose person changed, appeared or went away
 *    (last build's tables/identity_map against this build's): a merge, a split;
 *  - closed over sessions: every person with a row in a session of an affected person, and the
 *    person the last build gave that session, until nothing is added (a session's rows are then
 *    all recomputed together).
 * The models then run over `events` narrowed to those persons (and the rows of no person). A model marked
 * incremental='person' keeps its other persons' rows: when it is written (a table) or read by a
 * model that is not per person (a kept step, tables/_manifest/.../state/), its rows become the last
 * build's rows of unaffected persons plus this build's rows of affected ones (mergeKept). Models that
 * are not per person (channel_daily, products, reporting_currency) are recomputed whole from those.
 */
import { stateKey, statePrefix, tablePrefix } from '@actionlake/schema/node';
import type { Context } from '../ground/context';
import { ident, lit } from '../ground/duck/duck';
import { parquetSource } from '../ground/duck/views';
import { localFiles } from '../ground/lake/local-copy';
import type { Model } from '../ground/sql/project';

/** (site_id, person_id) of the persons this build recomputes */
export const AFFECTED = 'al_affected';
/** the whole events view, before it is narrowed to the affected persons */
export const ALL_EVENTS = 'al_events_all';
const SESSIONS = 'al_affected_sessions';
const PAIRS = 'al_session_persons';

/** Per-person models whose rows must be whole after the build: written, or read by a model that is not per person. */
export function keptModels(models: Model[]): Model[] {
  const readByWhole = new Set(models.filter((m) => !m.perPerson).flatMap((m) => m.refs));
  return models.filter((m) => m.perPerson && m.materialized !== 'view' && (m.materialized === 'table' || readByWhole.has(m.name)));
}

/** Checks that no model recomputed whole reads narrowed rows (events, or a per-person step not kept). */
export function checkWholeModels(models: Model[], built: string[]): void {
  const kept = new Set(keptModels(models).map((m) => m.name));
  for (const m of models) {
    if (m.perPerson || built.includes(m.name)) continue;
    const narrowed = m.refs.filter((r) => models.find((x) => x.name === r)?.perPerson && !kept.has(r));
    if (narrowed.length) throw new Error(`sql/models/${m.name}.sql is not per person but reads ${narrowed.join(', ')}, which an incremental build computes for some persons only`);
  }
}

/**
 * The files of a kept model's last build for one site: a table's, a step's one file, or a step's
 * one file per day (partition_by). A lake of an older layout never gets here: MODELS_VERSION
 * changed with the layout, so its next build is a full one.
 */
export async function keptKeys(ctx: Context, m: Model, site: string): Promise<string[]> {
  const single = m.materialized !== 'table' && !m.partitionBy;
  const prefix = m.materialized === 'table' ? tablePrefix(m.name, site) : single ? stateKey(site, m.name) : statePrefix(site, m.name);
  const keys = (await ctx.lake.list(prefix)).map((o) => o.key).filter((k) => k.endsWith('.parquet'));
  return single ? keys.filter((k) => k === prefix) : keys;
}

/**
 * The last build's rows of a model for one site (a table of the lake or a kept step), or null;
 * `only`: of the files whose key it accepts (a model's days, one file each).
 */
async function oldRows(ctx: Context, m: Model | string, site: string, only: (key: string) => boolean = () => true): Promise<string | null> {
  const keys = (typeof m === 'string'
    ? (await ctx.lake.list(tablePrefix(m, site))).map((o) => o.key).filter((k) => k.endsWith('.parquet'))
    : await keptKeys(ctx, m, site)).filter(only);
  if (!keys.length) return null;
  const files = await localFiles(ctx.lake, keys, ctx.work);
  // site_id as text: a Hive partition of a site named like a number would read as one
  return `(SELECT * REPLACE (${lit(site)} AS site_id) FROM ${parquetSource(files)})`;
}

/** Fills AFFECTED for one site (see the file's comment); returns how many persons. */
export async function findAffected(ctx: Context, site: string, days: string[]): Promise<number> {
  const { duck } = ctx;
  const s = lit(site);
  await duck.run(`CREATE TABLE IF NOT EXISTS ${AFFECTED} (site_id VARCHAR, person_id VARCHAR)`);
  const dayList = days.map(lit).join(', ');
  await duck.run(`INSERT INTO ${AFFECTED} SELECT DISTINCT site_id, person_id FROM ${ALL_EVENTS}
    WHERE site_id = ${s} AND CAST(dt AS VARCHAR) IN (${dayList}) AND person_id IS NOT NULL`);
  const oldMap = await oldRows(ctx, 'identity_map', site);
  if (oldMap) {
    await duck.run(`INSERT INTO ${AFFECTED}
      WITH n AS (SELECT id_type, id, person_id FROM identity_map WHERE site_id = ${s}),
           o AS (SELECT id_type, id, person_id FROM ${oldMap}),
           moved AS (SELECT n.person_id AS now, o.person_id AS was FROM n FULL JOIN o ON o.id_type = n.id_type AND o.id = n.id
                     WHERE n.person_id IS DISTINCT FROM o.person_id)
      SELECT ${s}, now FROM moved WHERE now IS NOT NULL UNION SELECT ${s}, was FROM moved WHERE was IS NOT NULL`);
  }
  const oldSessions = await oldRows(ctx, 'sessions', site);
  const mine = `(SELECT person_id FROM ${AFFECTED} WHERE site_id = ${s})`;
  // every (session, person) pair, this build's and the last build's, read once (two narrow
  // columns of every file); the closure then runs over that small table
  await duck.run(`CREATE OR REPLACE TEMP TABLE ${PAIRS} AS
    SELECT DISTINCT session_id, person_id FROM ${ALL_EVENTS} WHERE site_id = ${s} AND session_id IS NOT NULL AND person_id IS NOT NULL
    ${oldSessions ? `UNION SELECT session_id, person_id FROM ${oldSessions} WHERE session_id IS NOT NULL AND person_id IS NOT NULL` : ''}`);
  for (;;) {
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${SESSIONS} AS SELECT DISTINCT session_id FROM ${PAIRS} WHERE person_id IN ${mine}`);
    const more = `SELECT DISTINCT person_id FROM ${PAIRS} WHERE session_id IN (SELECT session_id FROM ${SESSIONS}) AND person_id NOT IN ${mine}`;
    const [{ n }] = await duck.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${more})`);
    if (!n) break;
    await duck.run(`INSERT INTO ${AFFECTED} SELECT ${s}, person_id FROM (${more})`);
  }
  await duck.run(`DROP TABLE IF EXISTS ${SESSIONS}; DROP TABLE IF EXISTS ${PAIRS}`);
  await duck.run(`CREATE OR REPLACE TABLE ${AFFECTED} AS SELECT DISTINCT * FROM ${AFFECTED}`);
  const [{ n }] = await duck.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${AFFECTED} WHERE site_id = ${s}`);
  return n;
}

/**
 * The columns of tables/events that sql/models/person_events.sql reads (the one model over the
 * narrowed events; identity_map is built before), structs cut to the fields it reads: the
 * narrowing reads every file, and the columns it skips are most of the bytes. A person_events.sql
 * that reads another column fails to bind in an incremental build until it is added here.
 */
const READ_COLUMNS = `site_id, event_id, person_id, user_id, anonymous_id, email_sha256, session_id, action, occurred_at,
  struct_pack(kind := origin.kind) AS origin, action_type,
  struct_pack(path := page.path, referrer := page.referrer) AS page, utm, click_ids, source, source_type, channel,
  struct_pack(country := geo.country) AS geo,
  struct_pack(device := struct_pack(type := ua.device.type), browser := struct_pack(name := ua.browser.name)) AS ua,
  products, attributes, traits, struct_pack(state := consent.state) AS consent, struct_pack(is_bot := bot.is_bot) AS bot`;
/** up to this many persons of a site, their ids are a list the Parquet scan filters on (cheaper than a join) */
const LISTED = 20_000;

/**
 * Narrows `events` to the affected persons' rows (their whole history) and the columns the models
 * read, into a temp table: the models read it several times, and each read of the view would scan
 * every file.
 */
export async function narrowEvents(ctx: Context): Promise<void> {
  const bySite = new Map<string, string[]>();
  for (const r of await ctx.duck.all<{ s: string; p: string }>(`SELECT site_id AS s, person_id AS p FROM ${AFFECTED}`)) {
    if (!bySite.has(r.s)) bySite.set(r.s, []);
    bySite.get(r.s)!.push(r.p);
  }
  const listed = [...bySite.values()].every((l) => l.length <= LISTED);
  const mine = listed
    ? `FROM ${ALL_EVENTS} e WHERE ${[...bySite].map(([site, ps]) => `(e.site_id = ${lit(site)} AND e.person_id IN (${ps.map(lit).join(', ')}))`).join(' OR ') || 'false'}`
    : `FROM ${ALL_EVENTS} e SEMI JOIN ${AFFECTED} a ON a.site_id = e.site_id AND a.person_id = e.person_id`;
  await ctx.duck.run(`DROP VIEW IF EXISTS events; CREATE OR REPLACE TEMP TABLE events AS
    SELECT ${READ_COLUMNS} ${mine}
    UNION ALL SELECT ${READ_COLUMNS} FROM ${ALL_EVENTS} WHERE person_id IS NULL`);
}

export const freshOf = (name: string) => ident(`${name}__fresh`);
export const wholeOf = (name: string) => ident(`${name}__whole`);

/**
 * Makes the model's table (just built over the narrowed events) whole: ${name}__fresh keeps this
 * build's rows of the affected persons (and of no person), ${name}__whole adds the last build's
 * rows of every person not affected, and the name becomes a view of one of them (pointKept).
 */
export async function mergeKept(ctx: Context, m: Model, sites: string[]): Promise<void> {
  const name = ident(m.name);
  const fresh = freshOf(m.name);
  const built = ident(`${m.name}__built`);
  await ctx.duck.run(`DROP TABLE IF EXISTS ${built}; ALTER TABLE ${name} RENAME TO ${m.name}__built`);
  const cols = (await ctx.duck.describe(`SELECT * FROM ${built}`)).map((c) => c.name);
  if (!cols.includes('person_id')) throw new Error(`sql/models/${m.name}.sql is incremental='person' but has no person_id column`);
  // rows of no person (events with no id) are few: always recomputed, never kept
  await ctx.duck.run(`CREATE OR REPLACE TABLE ${fresh} AS
    SELECT f.* FROM ${built} f SEMI JOIN ${AFFECTED} a ON a.site_id = f.site_id AND a.person_id = f.person_id
    UNION ALL SELECT * FROM ${built} WHERE person_id IS NULL; DROP TABLE ${built}`);
  // a view, not a table: the models that read it whole scan the old files once each, and a
  // partitioned table's write reads only its changed days (./partitions.ts)
  await ctx.duck.run(`CREATE OR REPLACE VIEW ${wholeOf(m.name)} AS ${await mergedRows(ctx, m, sites, cols)}`);
  await ctx.duck.run(`CREATE OR REPLACE VIEW ${name} AS SELECT * FROM ${wholeOf(m.name)}`);
}

/**
 * A kept model's rows after this build (mergeKept): this build's rows (${name}__fresh) and the last
 * build's rows of every person not affected, of the old files `only` accepts (all by default; a
 * model incremental='day' reads its inputs' files of the days it computes, ./partitions.ts).
 */
export async function mergedRows(ctx: Context, m: Model, sites: string[], cols: string[], only?: (key: string) => boolean): Promise<string> {
  const parts = [`SELECT * FROM ${freshOf(m.name)}`];
  for (const site of sites) {
    const old = await oldRows(ctx, m, site, only);
    if (old) parts.push(`SELECT ${cols.map((c) => `o.${ident(c)}`).join(', ')} FROM ${old} o ANTI JOIN ${AFFECTED} a ON a.site_id = o.site_id AND a.person_id = o.person_id WHERE o.person_id IS NOT NULL`);
  }
  return parts.join(' UNION ALL BY NAME ');
}

/** Undoes mergeKept for the models merged so far (views and their tables dropped), before a full rebuild in the same DuckDB. */
export async function dropMerged(ctx: Context, merged: string[]): Promise<void> {
  for (const name of merged) await ctx.duck.run(`DROP VIEW IF EXISTS ${ident(name)}; DROP VIEW IF EXISTS ${wholeOf(name)}; DROP TABLE IF EXISTS ${freshOf(name)}`);
}

/**
 * Points each merged model's name at the rows the next model needs: a per-person model (`next`)
 * reads only the affected persons' rows (what it gives for them depends on nothing else, and every
 * other person's rows of it are kept), so profiles or attribution are not computed over every
 * person to be filtered; a model that is not per person, or the writes (`next` null), the whole.
 */
export async function pointKept(ctx: Context, merged: string[], next: Model | null): Promise<void> {
  for (const name of merged) {
    if (next && !next.refs.includes(name)) continue;
    const rows = next?.perPerson ? freshOf(name) : wholeOf(name);
    await ctx.duck.run(`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM ${rows}`);
  }
}
