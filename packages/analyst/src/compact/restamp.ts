/**
 * Re-stamps a day of tables/events whose raw objects did not change but whose rows now belong, in
 * part, to another person (an identify on a new day moved an earlier device or email to the user's
 * person): the day's own Parquet files are written again with person_id by the person rule over
 * this build's identity map, instead of reading the day's raw gzip NDJSON again, which costs about
 * as much as compacting the day afresh. Every other column is a function of the day's raw rows
 * alone (channel too: its macro reads the row's own columns), so the rows are a full compact's.
 * Each file becomes one file, in the same row order, with the same columns and row group size as
 * write.ts writes them; the files are then published (publish.ts) like any written day.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ident, lit, type Duck } from '../ground/duck/duck';
import type { Lake } from '../ground/lake/lake';
import { publishDay, type WrittenDay } from './publish';
import type { ParquetLimits } from './write';

/**
 * the rows of the file being re-stamped with their row numbers, site_id added (the person rule
 * joins on it); DuckDB reads only the columns the rule uses (the id columns)
 */
const IDS = 'compact_restamp_ids';

/**
 * Whether a day's files (local copies) hold exactly `columns` (those write.ts gives a file, person_id
 * and channel last), so that re-stamping them gives a full compact's file; if not (files of other
 * rules), the day is written from its raw objects.
 */
export async function canRestamp(duck: Duck, files: string[], columns: string[]): Promise<boolean> {
  for (const f of files) {
    const have = (await duck.describe(`SELECT * FROM read_parquet(${lit(f)}, hive_partitioning = false)`)).map((c) => c.name);
    if (have.join('\u0000') !== columns.join('\u0000')) return false;
  }
  return files.length > 0;
}

/** Re-stamps one day from `files` (local copies of its Parquet files, in the order of their keys; see canRestamp). */
export async function restampDay(
  duck: Duck, lake: Lake, site: string, dt: string, files: string[], columns: string[], work: string, limits: ParquetLimits,
): Promise<WrittenDay> {
  const dir = path.join(work, 'restamp', site, dt);
  await fs.promises.rm(dir, { recursive: true, force: true });
  await fs.promises.mkdir(dir, { recursive: true });
  const select = columns.map((c) => (c === 'person_id' ? 'n.person_id' : `r.${ident(c)}`)).join(', ');
  const out: { file: string; rows: number }[] = [];
  try {
    for (const [i, f] of files.entries()) {
      const file = path.join(dir, `restamped-${String(i).padStart(6, '0')}.parquet`);
      await duck.run(`CREATE OR REPLACE TEMP VIEW ${IDS} AS
        SELECT ${lit(site)} AS site_id, * FROM read_parquet(${lit(f)}, hive_partitioning = false, file_row_number = true)`);
      // the person of each row from its id columns alone, put back in the file's order (the
      // macro's joins do not keep it), then joined to the file's rows by position: the wide rows
      // are read once, in order, and never sorted
      await duck.run(`COPY (
          SELECT ${select} FROM read_parquet(${lit(f)}, hive_partitioning = false) r
          POSITIONAL JOIN (SELECT person_id FROM al_with_person('${IDS}') ORDER BY file_row_number) n
        ) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${limits.rowGroupRows})`);
      const [{ n }] = await duck.all<{ n: number }>(`SELECT count(*) AS n FROM read_parquet(${lit(file)})`);
      out.push({ file, rows: Number(n) });
    }
    return await publishDay(lake, site, dt, out);
  } finally {
    await duck.run(`DROP VIEW IF EXISTS ${IDS}`);
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
