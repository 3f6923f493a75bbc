/**
 * Writes one day of tables/events: the day's raw rows (read again, straight into Parquet), one per
 * event_id (the earliest received_at: later copies are in DROPS), minus events first seen on an
 * earlier day, with person_id and channel, sorted by
 * occurred_at, zstd Parquet in files of about ACTIONLAKE_PARQUET_FILE_BYTES at most (a file ends after the row group
 * that reaches it). Files are written
 * locally, renamed so their names follow occurred_at, put into the lake, and only then are the
 * day's other files removed: a reader sees the old day or the new one (for a moment both), never
 * half of one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lit, type Duck } from '../duck/duck';
import type { Lake } from '../lake/lake';
import { UserError } from '../cli/errors';
import type { Column } from './columns';
import { CHANNEL_EXPR, PERSON_EXPR, PERSON_JOINS } from './persons';
import { IDS, readRaw, type DayFile } from './stage';

export const DEFAULT_FILE_BYTES = 128 * 1024 * 1024;
/** event_ids with copies on more than one day, and the first of those days */
export const CROSS_DAY = 'compact_cross_day';
/** the later copies of an event within a day (another collector, a later received_at) */
export const DROPS = 'compact_drops';

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

function positive(env: Record<string, string | undefined>, name: string, def: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new UserError(`${name} must be a number >= ${min}, got "${raw}"`);
  return Math.floor(n);
}

export interface ParquetLimits {
  /** a new file is started once a file reaches this size (checked after each row group) */
  fileBytes: number;
  rowGroupRows: number;
}

export function parquetLimits(env: Record<string, string | undefined>): ParquetLimits {
  return {
    fileBytes: positive(env, 'ACTIONLAKE_PARQUET_FILE_BYTES', DEFAULT_FILE_BYTES, 1024),
    rowGroupRows: positive(env, 'ACTIONLAKE_PARQUET_ROW_GROUP_ROWS', DEFAULT_ROW_GROUP_ROWS, 1),
  };
}

export function dayPrefix(site: string, dt: string): string {
  return `tables/events/site_id=${site}/dt=${dt}/`;
}

/** the columns of the files: every raw column but site_id (a Hive partition, like dt) */
export function fileColumns(cols: Column[]): string[] {
  return cols.map((c) => c.name).filter((n) => n !== 'site_id');
}

export interface WrittenDay {
  files: string[];
  rows: number;
}

export async function writeDay(
  duck: Duck, lake: Lake, cols: Column[], site: string, dt: string, files: DayFile[], work: string, limits: ParquetLimits,
): Promise<WrittenDay> {
  const gen = Date.now().toString(36);
  const dir = path.join(work, 'out', site, dt);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(path.dirname(dir), { recursive: true });
  const select = fileColumns(cols).map((n) => `e."${n}"`).join(', ');
  await duck.run(`COPY (
      SELECT ${select}, ${PERSON_EXPR} AS person_id, ${CHANNEL_EXPR} AS channel
      FROM ${readRaw(files)} e ${PERSON_JOINS}
      WHERE NOT EXISTS (SELECT 1 FROM ${DROPS} d WHERE d.event_id = e.event_id AND d.received_at = e.received_at AND d.collector_id = e.collector_id)
        AND NOT EXISTS (SELECT 1 FROM ${CROSS_DAY} x WHERE x.event_id = e.event_id AND x.first_dt < ${lit(dt)})
      ORDER BY e.occurred_at, e.event_id
    ) TO ${lit(dir)} (FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES ${limits.fileBytes}, ROW_GROUP_SIZE ${limits.rowGroupRows}, FILENAME_PATTERN 'tmp-{i}')`);
  const written = await duck.all<{ file: string; first: string; rows: number }>(
    `SELECT filename AS file, min(occurred_at)::VARCHAR AS first, count(*) AS rows
     FROM read_parquet(${lit(path.join(dir, '*.parquet'))}, filename = true) GROUP BY 1 ORDER BY 2, 1`,
  ).catch(() => []);
  const keys: string[] = [];
  let rows = 0;
  for (const [i, w] of written.entries()) {
    const key = `${dayPrefix(site, dt)}part-${gen}-${i}.parquet`;
    await lake.put(key, w.file);
    keys.push(key);
    rows += w.rows;
  }
  const old = (await lake.list(dayPrefix(site, dt))).map((o) => o.key).filter((k) => !keys.includes(k));
  await lake.delete(old);
  await fs.promises.rm(dir, { recursive: true, force: true });
  return { files: keys, rows };
}
