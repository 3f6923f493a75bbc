/**
 * person_id and channel of events rows. The rules live in SQL an analyst can read and change:
 * sql/models/identity_map.sql (over a view `events`) and sql/macros/channel.sql (a macro). A row's
 * person is its user_id's person, else its anonymous_id's (so a placeholder or shared-device user
 * id that identity_map leaves out falls back to the device).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SQL_DIR } from '../ground/context';
import type { Duck } from '../ground/duck/duck';
import type { Column } from './columns';

export const IDMAP = 'compact_identity_map';
/** bump when the way compact builds rows changes: every day is rebuilt once */
const COMPACT_VERSION = '1';

/** the channel rule and its data (Google's source list, public suffixes), in the order they load */
const CHANNEL_FILES = ['macros/channel.sql', 'macros/channel_sources.sql', 'macros/channel_suffixes.sql'];

export function sqlFile(rel: string): string {
  return fs.readFileSync(path.join(SQL_DIR, rel), 'utf8');
}

/** A hash of everything besides the raw objects that decides a day's rows. */
export function rulesHash(cols: Column[]): string {
  const h = crypto.createHash('sha256');
  h.update(COMPACT_VERSION).update(JSON.stringify(cols));
  for (const f of [...CHANNEL_FILES, 'models/identity_map.sql']) h.update(sqlFile(f));
  return h.digest('hex').slice(0, 16);
}

export async function loadChannelMacro(duck: Duck): Promise<void> {
  for (const f of CHANNEL_FILES) await duck.run(sqlFile(f));
}

/** Builds the identity map table from the view `events` (which must exist). */
export async function buildIdentityMap(duck: Duck): Promise<void> {
  const sql = sqlFile('models/identity_map.sql').trim().replace(/;\s*$/, '');
  await duck.run(`CREATE OR REPLACE TABLE ${IDMAP} AS ${sql}`);
}

/** FROM-clause joins giving `person_id` for the rows of alias `e`. */
export const PERSON_JOINS = `
  LEFT JOIN ${IDMAP} pu ON pu.id_type = 'user_id' AND pu.id = e.user_id
  LEFT JOIN ${IDMAP} pa ON pa.id_type = 'anonymous_id' AND pa.id = e.anonymous_id`;
export const PERSON_EXPR = 'coalesce(pu.person_id, pa.person_id)';

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

/** The days among `source` (Parquet rows with person_id and dt) whose rows' persons changed. */
export async function daysWithNewPersons(duck: Duck, source: string): Promise<string[]> {
  const rows = await duck.all<{ dt: string }>(
    `SELECT DISTINCT CAST(e.dt AS VARCHAR) AS dt FROM ${source} e ${PERSON_JOINS}
     WHERE e.person_id IS DISTINCT FROM ${PERSON_EXPR} ORDER BY 1`,
  );
  return rows.map((r) => r.dt);
}
