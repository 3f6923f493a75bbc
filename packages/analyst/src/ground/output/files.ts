/**
 * A query's result written to a file by DuckDB (COPY, streamed: any number of rows): CSV (every
 * text column neutralized for spreadsheets, ./csv.ts), Parquet (zstd), JSON (one array) or NDJSON
 * (a row a line). The format comes from --format, else from the file's extension.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ident, lit, type Duck } from '../duck/duck';
import { UserError } from '../errors';
import { csvSafeSql, neutralize } from './csv';

export const FORMATS = ['csv', 'json', 'ndjson', 'parquet'] as const;
export type Format = (typeof FORMATS)[number];

const BY_EXTENSION: Record<string, Format> = {
  '.csv': 'csv', '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.parquet': 'parquet', '.pq': 'parquet',
};

/** The format of `file`: `format` when given, else by its extension; a UserError (exit 2) when neither says. */
export function formatOf(file: string, format?: string): Format {
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new UserError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`, 2);
    return format as Format;
  }
  const byExt = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!byExt) throw new UserError(`cannot tell the format of ${file} from its extension (${Object.keys(BY_EXTENSION).join(', ')}): add --format ${FORMATS.join('|')}`, 2);
  return byExt;
}

/** DuckDB types whose values a spreadsheet reads as text (others are numbers, dates, or start with [ or {) */
const TEXT = /^(VARCHAR|ENUM\()/;

/** The rows of `select` as CSV: text columns (and the header) neutralized for spreadsheets. */
async function csvSelect(duck: Duck, select: string): Promise<string> {
  const cols = await duck.describe(`SELECT * FROM (${select})`);
  const out = cols.map((c) => `${TEXT.test(c.type) ? csvSafeSql(`CAST(${ident(c.name)} AS VARCHAR)`) : ident(c.name)} AS ${ident(neutralize(c.name))}`);
  return `SELECT ${out.join(', ')} FROM (${select})`;
}

/** Writes the rows of `select` to `file` in `format`; returns how many rows were written. */
export async function writeRows(duck: Duck, select: string, file: string, format: Format): Promise<number> {
  const copy = async (sql: string, options: string) => {
    const [{ Count }] = await duck.all<{ Count: number }>(`COPY (${sql}) TO ${lit(file)} (${options})`);
    return Number(Count);
  };
  switch (format) {
    case 'csv':
      return copy(await csvSelect(duck, select), 'FORMAT csv, HEADER true');
    case 'parquet':
      return copy(select, 'FORMAT parquet, COMPRESSION zstd');
    case 'json':
      return copy(select, 'FORMAT json, ARRAY true');
    case 'ndjson':
      return copy(select, 'FORMAT json');
  }
}

/**
 * Writes a file made in memory (an activation file) whole: to a temp file beside it, then renamed,
 * so that a reader never sees half of it. Returns the absolute path.
 */
export async function writeTextFile(file: string, text: string): Promise<string> {
  const target = path.resolve(file);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    await fs.promises.writeFile(tmp, text, 'utf8');
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw new UserError(`cannot write ${target}: ${(err as Error).message}`);
  }
  return target;
}
