/**
 * Writes one day of tables/events: the day's raw rows (read again, into a DuckDB table), one per
 * event_id (the earliest received_at: later copies are in DROPS), minus events first seen on an
 * earlier day, with person_id and channel, sorted by occurred_at in pieces of at most
 * ACTIONLAKE_SORT_ROWS rows, zstd Parquet in files of about ACTIONLAKE_PARQUET_FILE_BYTES at most
 * (a file ends after the row group that reaches it). Files are written locally, then published
 * (publish.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { lit, type Duck } from '../ground/duck/duck';
import type { Lake } from '../ground/lake/lake';
import { envNumber } from '../ground/env';
import type { Column } from './columns';
import { channelOf } from './persons';
import { publishDay, type WrittenDay } from './publish';
import { IDS, readRaw, type DayFile } from './stage';

export const DEFAULT_FILE_BYTES = 128 * 1024 * 1024;
/** event_ids with copies on more than one day, and the first of those days */
export const CROSS_DAY = 'compact_cross_day';
/** the later copies of an event within a day (another collector, a later received_at) */
export const DROPS = 'compact_drops';
/** the rows of the day being written, and their channel by the channel macro's arguments */
const DAY = 'compact_day';
const CHANNELS = 'compact_channels';


/**
 * The WHERE clauses (over alias `r` of DAY) of consecutive ranges of (occurred_at, event_id) of at
 * most `sortRows` rows each; [''] (one piece, the whole day) when the day is not larger. Like the
 * sort (NULLS LAST), a row missing either key falls in the last piece.
 */
async function sortPieces(duck: Duck, sortRows: number): Promise<string[]> {
  const [{ n }] = await duck.all<{ n: number }>(`SELECT count(*) AS n FROM ${DAY}`);
  if (Number(n) <= sortRows) return [''];
  // the first row of each piece after the first (a sort of two narrow columns)
  const starts = await duck.all<{ t: string; id: string }>(`
    SELECT t, id FROM (
      SELECT occurred_at::VARCHAR AS t, event_id AS id, row_number() OVER (ORDER BY occurred_at, event_id) AS k FROM ${DAY}
      WHERE occurred_at IS NOT NULL AND event_id IS NOT NULL
    ) WHERE k % ${sortRows} = 1 AND k > 1 ORDER BY k`);
  // at or after the row s, in the sort's order; a NULL key sorts after every value
  const from = (s: { t: string; id: string }) =>
    `coalesce(r.occurred_at > ${lit(s.t)}::TIMESTAMPTZ OR (r.occurred_at = ${lit(s.t)}::TIMESTAMPTZ AND r.event_id >= ${lit(s.id)}), true)`;
  return [null, ...starts].map((s, i) => {
    const next = starts[i];
    return [s ? from(s) : '', next ? `NOT ${from(next)}` : ''].filter(Boolean).join(' AND ');
  });
}

/** Call once all days to write are staged. */
export async function findRepeats(duck: Duck): Promise<void> {
  await duck.run(`CREATE OR REPLACE TABLE ${DROPS} AS
    SELECT event_id, received_at, collector_id FROM (
      SELECT event_id, received_at, collector_id,
             row_number() OVER (PARTITION BY event_id ORDER BY received_at, collector_id) AS n
      FROM (SELECT DISTINCT event_id, received_at, collector_id FROM ${IDS})
    ) WHERE n > 1`);
}

export const DEFAULT_ROW_GROUP_ROWS = 122_880;
/**
 * A day is sorted in pieces of at most this many rows, each its own file(s): the sort of a whole
 * day of 1M events (1.4 GB of rows) ran out of memory at the default 512MB; one of 300,000 did not.
 */
export const DEFAULT_SORT_ROWS = 250_000;

export interface ParquetLimits {
  /** a new file is started once a file reaches this size (checked after each row group) */
  fileBytes: number;
  rowGroupRows: number;
  /** the most rows sorted at once (ACTIONLAKE_SORT_ROWS) */
  sortRows: number;
}

export function parquetLimits(env: Record<string, string | undefined>): ParquetLimits {
  return {
    fileBytes: envNumber(env, 'ACTIONLAKE_PARQUET_FILE_BYTES', DEFAULT_FILE_BYTES, 1024),
    rowGroupRows: envNumber(env, 'ACTIONLAKE_PARQUET_ROW_GROUP_ROWS', DEFAULT_ROW_GROUP_ROWS, 1),
    sortRows: envNumber(env, 'ACTIONLAKE_SORT_ROWS', DEFAULT_SORT_ROWS, 1000),
  };
}

/** the columns of the files: every raw column but site_id (a Hive partition, like dt) */
export function fileColumns(cols: Column[]): string[] {
  return cols.map((c) => c.name).filter((n) => n !== 'site_id');
}

export async function writeDay(
  duck: Duck, lake: Lake, cols: Column[], site: string, dt: string, files: DayFile[], work: string, limits: ParquetLimits, rawRows: number,
): Promise<WrittenDay> {
  const dir = path.join(work, 'out', site, dt);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });
  const names = fileColumns(cols);
  // the day's rows, each event once, with person_id by the person rule (sql/macros/person.sql)
  const rows = `WITH day_rows AS (
        SELECT e.site_id, ${names.map((n) => `e."${n}"`).join(', ')}, e.page.referrer AS referrer
        FROM ${readRaw(files)} e
        WHERE NOT EXISTS (SELECT 1 FROM ${DROPS} d WHERE d.event_id = e.event_id AND d.received_at = e.received_at AND d.collector_id = e.collector_id)
          AND NOT EXISTS (SELECT 1 FROM ${CROSS_DAY} x WHERE x.event_id = e.event_id AND x.first_dt < ${lit(dt)}))
      SELECT * FROM al_with_person('day_rows')`;
  const columns = `${names.map((n) => `r."${n}"`).join(', ')}, r.person_id, channels.channel`;
  const parquet = `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${limits.rowGroupRows}`;
  // Sorted into one Parquet file, split afterwards when it is over the size limit (COPY's own
  // FILE_SIZE_BYTES ran out of memory at the default 512MB on a day of 300,000 events); the channel
  // macro runs once per distinct set of its arguments (channelOf).
  if (rawRows <= limits.sortRows) {
    const channel = channelOf('day');
    await duck.run(`COPY (
        WITH day AS MATERIALIZED (${rows}), channels AS (${channel.select})
        SELECT ${columns} FROM day r JOIN channels ON ${channel.on}
        ORDER BY r.occurred_at, r.event_id
      ) TO ${lit(path.join(dir, 'sorted.parquet'))} (${parquet})`);
    await splitFile(duck, dir, 'sorted.parquet', limits);
  } else {
    // A larger day goes into a table (which DuckDB spills) and is sorted in pieces of at most
    // sortRows rows, consecutive ranges of (occurred_at, event_id), each its own file(s): the sort
    // of a whole day of 1M events ran out of memory at the default 512MB.
    const channel = channelOf(DAY);
    try {
      await duck.run(`CREATE OR REPLACE TABLE ${DAY} AS ${rows}`);
      await duck.run(`CREATE OR REPLACE TABLE ${CHANNELS} AS ${channel.select}`);
      for (const [i, where] of (await sortPieces(duck, limits.sortRows)).entries()) {
        const name = `sorted-${String(i).padStart(6, '0')}.parquet`;
        await duck.run(`COPY (
            SELECT ${columns} FROM ${DAY} r JOIN ${CHANNELS} channels ON ${channel.on}
            ${where ? `WHERE ${where}` : ''}
            ORDER BY r.occurred_at, r.event_id
          ) TO ${lit(path.join(dir, name))} (${parquet})`);
        await splitFile(duck, dir, name, limits);
      }
    } finally {
      // also after a day that failed: the next days need the memory
      await duck.run(`DROP TABLE IF EXISTS ${DAY}; DROP TABLE IF EXISTS ${CHANNELS}`);
    }
  }
  // the files in occurred_at order (the timestamp, not its text: that follows the session's time
  // zone), then by name (the pieces of one sorted file)
  const hasFiles = (await fs.promises.readdir(dir)).some((f) => f.endsWith('.parquet'));
  const written = hasFiles
    ? await duck.all<{ file: string; rows: number }>(
      `SELECT filename AS file, count(*) AS rows
       FROM read_parquet(${lit(path.join(dir, '*.parquet'))}, filename = true) GROUP BY 1 ORDER BY min(occurred_at), 1`)
    : [];
  const day = await publishDay(lake, site, dt, written.map((w) => ({ file: w.file, rows: Number(w.rows) })));
  await fs.promises.rm(dir, { recursive: true, force: true });
  return day;
}

/**
 * Splits `dir/name` into files of about `fileBytes` when it is larger: whole row groups of rows in
 * file order (each file ends after the row group that reaches the size), the original removed.
 */
async function splitFile(duck: Duck, dir: string, name: string, limits: ParquetLimits): Promise<void> {
  const file = path.join(dir, name);
  const size = (await fs.promises.stat(file)).size;
  if (size <= limits.fileBytes) return;
  const [{ n }] = await duck.all<{ n: number }>(`SELECT count(*) AS n FROM read_parquet(${lit(file)})`);
  const groups = Math.ceil(Number(n) / limits.rowGroupRows);
  const perFile = Math.ceil(groups / Math.ceil(size / limits.fileBytes)) * limits.rowGroupRows;
  for (let i = 0, from = 0; from < Number(n); i++, from += perFile) {
    await duck.run(`COPY (
        SELECT * EXCLUDE (file_row_number) FROM read_parquet(${lit(file)}, file_row_number = true)
        WHERE file_row_number >= ${from} AND file_row_number < ${from + perFile}
      ) TO ${lit(path.join(dir, `${name.replace(/\.parquet$/, '')}-${String(i).padStart(6, '0')}.parquet`))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${limits.rowGroupRows})`);
  }
  await fs.promises.rm(file);
}
