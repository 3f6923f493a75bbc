/**
 * What each staged raw row gets before its day is written, found from the narrow staged rows
 * (table `ids`, stage.ts) once for every day of the run: whether it is kept (one copy per event:
 * not a later copy within the day, DROPS, nor a repeat of an event first seen on an earlier day,
 * CROSS_DAY), its person_id (the person rule, sql/macros/person.sql) and its channel (the channel
 * macro, once per distinct set of its arguments). The table STAMPS holds them with the key of the
 * sort each day is written in, so write.ts can put them beside the day's wide rows, sorted the same
 * way, by position: the wide rows are never materialized in DuckDB nor joined (either cost about as
 * much again as reading them).
 */
import type { Duck } from '../ground/duck/duck';
import { channelOf } from './persons';
import { IDS } from './stage';

/** event_ids with copies on more than one day, and the first of those days */
export const CROSS_DAY = 'compact_cross_day';
/** the later copies of an event within a day (another collector, a later received_at) */
export const DROPS = 'compact_drops';
/** each staged row: dt, the sort key (SORT_KEY), keep, person_id, channel */
export const STAMPS = 'compact_stamps';
const CHANNELS = 'compact_channels';

/**
 * The order of a day's rows in its files (occurred_at, event_id), made total so the wide rows and
 * their stamps sort alike: received_at and collector_id tell apart the copies of an event, and `tb`
 * (tieBreak) rows that share those too; rows equal in all of it have the same stamps. NULLs last.
 */
export const SORT_KEY = 'occurred_at, event_id, received_at, collector_id, tb';

/**
 * The tie-break of a raw row: a hash of every column its stamps depend on (the person rule's ids,
 * the channel's arguments). `referrer`: the page's referrer (page.referrer of a raw row).
 */
export function tieBreak(referrer: string): string {
  return `hash(anonymous_id, user_id, email_sha256, click_ids, utm, source, source_type, ${referrer})`;
}

/**
 * Call once all days to write are staged. Only the rows of events staged more than once are
 * ranked (found by a plain count first: 1 % of the bench lake's events), not every row.
 */
export async function findRepeats(duck: Duck): Promise<void> {
  await duck.run(`CREATE OR REPLACE TABLE ${DROPS} AS
    WITH repeated AS (SELECT event_id FROM ${IDS} GROUP BY event_id HAVING count(*) > 1)
    SELECT event_id, received_at, collector_id FROM (
      SELECT event_id, received_at, collector_id,
             row_number() OVER (PARTITION BY event_id ORDER BY received_at, collector_id) AS n
      FROM (SELECT DISTINCT event_id, received_at, collector_id FROM ${IDS} SEMI JOIN repeated USING (event_id))
    ) WHERE n > 1`);
}

/**
 * Fills STAMPS from every row of `ids` (staged with the channel's arguments), once the identity map,
 * DROPS and CROSS_DAY are built; those two are then dropped.
 */
export async function stampRows(duck: Duck): Promise<void> {
  const channel = channelOf(IDS);
  await duck.run(`CREATE OR REPLACE TABLE ${CHANNELS} AS ${channel.select}`);
  await duck.run(`CREATE OR REPLACE TABLE ${STAMPS} AS
    WITH stamp_rows AS (
      SELECT site_id, user_id, email_sha256, anonymous_id, click_ids, utm, source, source_type, referrer,
             dt, occurred_at, event_id, received_at, collector_id, ${tieBreak('referrer')} AS tb,
             NOT EXISTS (SELECT 1 FROM ${DROPS} d WHERE d.event_id = e.event_id AND d.received_at = e.received_at AND d.collector_id = e.collector_id)
               AND NOT EXISTS (SELECT 1 FROM ${CROSS_DAY} x WHERE x.event_id = e.event_id AND x.first_dt < e.dt) AS keep
      FROM ${IDS} e)
    SELECT r.dt, r.occurred_at, r.event_id, r.received_at, r.collector_id, r.tb, r.keep, r.person_id, channels.channel
    FROM al_with_person('stamp_rows') r JOIN ${CHANNELS} channels ON ${channel.on}`);
  await duck.run(`DROP TABLE ${CHANNELS}; DROP TABLE IF EXISTS ${DROPS}; DROP TABLE IF EXISTS ${CROSS_DAY}`);
}

/** Rows of each day in STAMPS: all of them (the day's raw rows), and those kept. */
export async function stampedDays(duck: Duck): Promise<Map<string, { raw: number; kept: number }>> {
  const rows = await duck.all<{ dt: string; raw: number; kept: number }>(
    `SELECT dt, count(*) AS raw, count(*) FILTER (WHERE keep) AS kept FROM ${STAMPS} GROUP BY dt`,
  );
  return new Map(rows.map((r) => [r.dt, { raw: Number(r.raw), kept: Number(r.kept) }]));
}

export async function dropStamps(duck: Duck): Promise<void> {
  await duck.run(`DROP TABLE IF EXISTS ${STAMPS}; DROP TABLE IF EXISTS ${CHANNELS}; DROP TABLE IF EXISTS ${DROPS}; DROP TABLE IF EXISTS ${CROSS_DAY}`);
}
