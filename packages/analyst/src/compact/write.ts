/**
 * Writes one day of tables/events: the day's raw rows (read again, in full), sorted by occurred_at
 * in pieces of at most ACTIONLAKE_SORT_ROWS rows, each beside its stamps (stamps.ts: kept or not,
 * person_id, channel) sorted the same way, joined by position; the rows not kept (later copies of
 * an event, events first seen on an earlier day) left out. zstd Parquet in files of about
 * ACTIONLAKE_PARQUET_FILE_BYTES at most (a file ends after the row group that reaches it). Files
 * are written locally, then published (publish.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { lit, type Duck } from '../ground/duck/duck';
import type { Lake } from '../ground/lake/lake';
import { envNumber } from '../ground/env';
import type { Column } from './columns';
import { publishDay, type WrittenDay } from './publish';
import { readRaw, type DayFile } from './stage';
import { SORT_KEY, STAMPS, tieBreak } from './stamps';

export const DEFAULT_FILE_BYTES = 128 * 1024 * 1024;
/** the raw rows of a day too large to sort at once (one table per day: days are written two at a time) */
const dayTable = (dt: string) => `compact_day_${dt.replace(/[^0-9A-Za-z]/g, '_')}`;

/**
 * The WHERE clauses (over alias `r` of a day's raw rows or of their stamps alike) of consecutive
 * ranges of (occurred_at, event_id) of at most `sortRows` kept rows each; [''] (one piece, the
 * whole day) when the day does not keep more. Like the sort (NULLS LAST), a row missing either key
 * falls in the last piece.
 */
async function sortPieces(duck: Duck, dt: string, kept: number, sortRows: number): Promise<string[]> {
  if (kept <= sortRows) return [''];
  // the first row of each piece after the first (a sort of two narrow columns)
  const starts = await duck.all<{ t: string; id: string }>(`
    SELECT t, id FROM (
      SELECT occurred_at::VARCHAR AS t, event_id AS id, row_number() OVER (ORDER BY occurred_at, event_id) AS k FROM ${STAMPS}
      WHERE dt = ${lit(dt)} AND keep AND occurred_at IS NOT NULL AND event_id IS NOT NULL
    ) WHERE k % ${sortRows} = 1 AND k > 1 ORDER BY k`);
  // at or after the row s, in the sort's order; a NULL key sorts after every value
  const from = (s: { t: string; id: string }) =>
    `coalesce(r.occurred_at > ${lit(s.t)}::TIMESTAMPTZ OR (r.occurred_at = ${lit(s.t)}::TIMESTAMPTZ AND r.event_id >= ${lit(s.id)}), true)`;
  return [null, ...starts].map((s, i) => {
    const next = starts[i];
    return [s ? from(s) : '', next ? `NOT ${from(next)}` : ''].filter(Boolean).join(' AND ');
  });
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

/** `rows`: the day's raw rows (all of them, as staged) and those kept (stamps.ts). */
export async function writeDay(
  duck: Duck, lake: Lake, cols: Column[], site: string, dt: string, files: DayFile[], work: string, limits: ParquetLimits,
  rows: { raw: number; kept: number },
): Promise<WrittenDay> {
  const dir = path.join(work, 'out', site, dt);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });
  const names = fileColumns(cols);
  const parquet = `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${limits.rowGroupRows}`;
  // The raw rows `w` and their stamps `n`, both sorted by SORT_KEY, side by side: a row whose
  // stamp is not its own (never seen: the two are read from the same rows) stops the day.
  const copy = async (raw: string, where: string, name: string) => {
    const and = where ? `AND ${where}` : '';
    await duck.run(`COPY (
        SELECT ${names.map((n) => `w."${n}"`).join(', ')}, n.person_id, n.channel
        FROM (SELECT * FROM ${raw} r ${where ? `WHERE ${where}` : ''} ORDER BY ${SORT_KEY}) w
        POSITIONAL JOIN (
          SELECT event_id AS stamped_id, tb AS stamped_tb, keep, person_id, channel
          FROM ${STAMPS} r WHERE dt = ${lit(dt)} ${and} ORDER BY ${SORT_KEY}
        ) n
        WHERE CASE WHEN w.event_id IS NOT DISTINCT FROM n.stamped_id AND w.tb = n.stamped_tb THEN n.keep
                   ELSE error('compact: the rows of day ' || ${lit(dt)} || ' and their stamps are out of step') END
      ) TO ${lit(path.join(dir, name))} (${parquet})`);
    await splitFile(duck, dir, name, limits);
  };
  const withTieBreak = (from: string) => `(SELECT *, ${tieBreak('page.referrer')} AS tb FROM ${from})`;
  if (rows.raw <= limits.sortRows) {
    // sorted into one Parquet file, split afterwards when it is over the size limit (COPY's own
    // FILE_SIZE_BYTES ran out of memory at the default 512MB on a day of 300,000 events)
    await copy(withTieBreak(readRaw(files)), '', 'sorted.parquet');
  } else {
    // A larger day goes into a table (which DuckDB spills) and is sorted in pieces of at most
    // sortRows rows, consecutive ranges of (occurred_at, event_id), each its own file(s): the sort
    // of a whole day of 1M events ran out of memory at the default 512MB.
    const DAY = dayTable(dt);
    try {
      await duck.run(`CREATE OR REPLACE TABLE ${DAY} AS SELECT * FROM ${withTieBreak(readRaw(files))}`);
      for (const [i, where] of (await sortPieces(duck, dt, rows.kept, limits.sortRows)).entries()) {
        await copy(DAY, where, `sorted-${String(i).padStart(6, '0')}.parquet`);
      }
    } finally {
      // also after a day that failed: the next days need the memory
      await duck.run(`DROP TABLE IF EXISTS ${DAY}`);
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
