/**
 * person_id and channel of events rows, by the rules an analyst can read and change in the SQL
 * project (ctx.sql): sql/models/identity_map.sql (which person each id belongs to, over a view
 * `events`), sql/macros/person.sql (the person of a row: al_with_person, the same rule the models
 * apply) and sql/macros/channel.sql (a macro). compact builds the identity map once, into the
 * DuckDB table identity_map, site by site; `build` hands it on to the models.
 */
import crypto from 'node:crypto';
import { lit, type Duck } from '../ground/duck/duck';
import { parquetSource } from '../ground/duck/views';
import type { SqlProject } from '../ground/sql/project';
import type { Column } from './columns';

/** the model compact builds (in DuckDB only: `actionlake models` writes it) */
export const IDENTITY_MAP = 'identity_map';
/** bump when the way compact builds rows changes: every day is rebuilt once */
const COMPACT_VERSION = '1';

/** A hash of everything besides the raw objects that decides a day's rows. */
export function rulesHash(sql: SqlProject, cols: Column[]): string {
  const h = crypto.createHash('sha256');
  h.update(COMPACT_VERSION).update(JSON.stringify(cols)).update(sql.hash([IDENTITY_MAP]));
  return h.digest('hex').slice(0, 16);
}

/** Starts a compact run: the macros, and no identity map yet. */
export async function startRules(sql: SqlProject, duck: Duck): Promise<void> {
  await sql.loadMacros(duck);
  await duck.run(`DROP TABLE IF EXISTS ${IDENTITY_MAP}`);
}

/**
 * The events with more than one copy among the rows: their first day, on how many days, and the
 * copy compact's write keeps (the first day's, the earliest received_at, by collector id).
 */
export const COPIES = 'compact_copies';
const copyKey = (r: string) => `{'dt': ${r}.dt, 'received_at': ${r}.received_at, 'collector_id': ${r}.collector_id}`;

/** the kept rows (tables/events) of events that also have a staged row: event_id, dt, received_at, collector_id */
const KEPT_COPIES = 'compact_kept_copies';

/**
 * Fills COPIES for the events of `staged` (the table of the rows of the days being built: id
 * columns and dt, repeats included) from those rows and the rows of `kept` (local copies of the
 * other days' tables/events files) that hold the same events. The days kept hold each event once
 * (compact wrote them so), so an event has copies only if a staged row has it. Its kept rows are
 * found by a pass over the kept files' event_id alone, naming the files that hold one (none,
 * usually), and only those files are read again for the copy's dt, received_at and collector_id:
 * the bench lake's new day against 59 kept days, 0.41 → 0.14 s CPU (one grouping of every kept
 * row's four columns and a second read for the later copies' days). The events with copies are
 * then found by a plain count, and only their rows grouped by day and copy.
 */
export async function findCopies(duck: Duck, staged: string, kept: string[]): Promise<void> {
  const ids = `(SELECT event_id FROM ${staged} WHERE event_id IS NOT NULL)`;
  const files = !kept.length ? [] : (await duck.all<{ f: string }>(
    `SELECT DISTINCT filename AS f FROM read_parquet([${kept.map(lit).join(', ')}], filename = true) SEMI JOIN ${ids} s USING (event_id)`,
  )).map((r) => r.f);
  await duck.run(files.length
    ? `CREATE OR REPLACE TABLE ${KEPT_COPIES} AS SELECT event_id, CAST(dt AS VARCHAR) AS dt, received_at, collector_id
         FROM ${parquetSource(files)} SEMI JOIN ${ids} s USING (event_id)`
    : `CREATE OR REPLACE TABLE ${KEPT_COPIES} (event_id VARCHAR, dt VARCHAR, received_at TIMESTAMPTZ, collector_id VARCHAR)`);
  await duck.run(`CREATE OR REPLACE TABLE ${COPIES} AS
    WITH rows AS (SELECT event_id, dt, received_at, collector_id FROM ${staged} WHERE event_id IS NOT NULL
                  UNION ALL SELECT event_id, dt, received_at, collector_id FROM ${KEPT_COPIES}),
         repeated AS (SELECT event_id FROM rows GROUP BY event_id HAVING count(*) > 1)
    SELECT event_id, min(dt) AS first_dt, count(DISTINCT dt) AS days, min(${copyKey('r')}) AS first
    FROM rows r SEMI JOIN repeated USING (event_id)
    GROUP BY event_id`);
}

/**
 * The kept days (findCopies) that hold a later copy of an event first seen on a day being built:
 * they are built too, without it.
 */
export async function daysWithLaterCopies(duck: Duck): Promise<string[]> {
  const rows = await duck.all<{ dt: string }>(`SELECT DISTINCT k.dt FROM ${KEPT_COPIES} k JOIN ${COPIES} c USING (event_id)
    WHERE c.days > 1 AND c.first_dt < k.dt ORDER BY 1`);
  await duck.run(`DROP TABLE ${KEPT_COPIES}`);
  return rows.map((r) => r.dt);
}

/**
 * Adds one site's rows to the table identity_map. `rows`: the id columns and dt of that site's
 * rows. With `copies` (COPIES filled from them), identity_map.sql reads them (as the view
 * `events`) each event once, the copy compact's write keeps, so the map is the one `actionlake
 * models` computes from the table as written; without, the rows hold each event once already.
 * `links`: kept days' identity links as rows (links.ts), which hold each event once too.
 */
export async function buildSiteIdentity(sql: SqlProject, duck: Duck, rows: string, copies: boolean, links: string | null = null): Promise<void> {
  const more = links ? ` UNION ALL BY NAME SELECT * FROM ${links}` : '';
  await duck.run(copies
    ? `CREATE OR REPLACE TEMP VIEW events AS
         SELECT r.* FROM ${rows} r ANTI JOIN ${COPIES} c ON c.event_id = r.event_id AND c.first <> ${copyKey('r')}${more}`
    : `CREATE OR REPLACE TEMP VIEW events AS SELECT * FROM ${rows}${more}`);
  try {
    await sql.build(duck, sql.model(IDENTITY_MAP), true);
  } finally {
    await duck.run('DROP VIEW IF EXISTS events');
  }
}

/** What the `channel` macro is called with, as columns of a row `r` (see channelOf). */
const CHANNEL_ARGS = ['utm', 'click_ids', 'source', 'source_type', 'referrer'];

/**
 * The `channel` of every row of `rows` (a CTE with the columns CHANNEL_ARGS): the macro is run once
 * per distinct set of arguments, not per row (a day has thousands of sets for ~100,000 rows, and
 * the macro's regular expressions cost ~7 µs a row), and joined back. Same answer as calling it on
 * each row, for any macro: it is a function of its arguments. Gives the SELECT of the arguments
 * and their `channel`, and the join condition of that (as `channels`) with the rows (as `r`).
 */
export function channelOf(rows: string): { select: string; on: string } {
  const args = CHANNEL_ARGS.join(', ');
  return {
    select: `SELECT ${args}, channel(${args}) AS channel FROM (SELECT DISTINCT ${args} FROM ${rows})`,
    on: CHANNEL_ARGS.map((a) => `channels.${a} IS NOT DISTINCT FROM r.${a}`).join(' AND '),
  };
}

/** The days among `source` (Parquet rows with the id columns, person_id and dt) whose rows' persons changed. */
export async function daysWithNewPersons(duck: Duck, source: string): Promise<string[]> {
  const rows = await duck.all<{ dt: string }>(`
    WITH stamped AS (SELECT site_id, user_id, email_sha256, anonymous_id, click_ids, dt, person_id AS stamped FROM ${source})
    SELECT DISTINCT CAST(dt AS VARCHAR) AS dt FROM al_with_person('stamped')
    WHERE stamped IS DISTINCT FROM person_id ORDER BY 1`);
  return rows.map((r) => r.dt);
}
