/**
 * The first read of a day's raw objects: the narrow columns that identity, dedup and the checks
 * need (for compact also the channel macro's arguments) go into the DuckDB table `ids` (the full
 * rows are read again, straight into sorted Parquet, by write.ts: materializing the wide rows in
 * DuckDB costs about as much again as reading them, 62 against 33 µs/row on the bench lake). All of a day's objects are read in one
 * statement; when DuckDB cannot read one, each object is read alone and the broken ones are
 * salvaged (salvage.ts): their readable rows are kept, the problem is reported naming the object,
 * and the salvaged copy is what the write step reads. Nothing stops the other objects or days.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lit, type Duck } from '../ground/duck/duck';
import type { Lake, LakeObject } from '../ground/lake/lake';
import { localFiles } from '../ground/lake/local-copy';
import { rawColumns, readJsonColumns, type Column } from './columns';
import { describeSalvage, salvage } from './salvage';

export const IDS = 'compact_ids';
/**
 * The id columns of `events` while compact runs: what sql/models/identity_map.sql reads (the same
 * ids as a kept day's identity links, links.ts, plus site_id and occurred_at) and what dedup reads
 * (event_id, received_at, collector_id), plus dt. `attributes` only of `alias` rows (their
 * previous_id), NULL on every other row.
 */
export const ID_COLUMNS = [
  'event_id', 'site_id', 'action_type', 'anonymous_id', 'user_id', 'email_sha256', 'click_ids',
  'attributes', 'occurred_at', 'received_at', 'collector_id', 'bot',
];

/** What an id column is read as, where it is not the column itself. */
const ID_EXPRESSIONS: Record<string, string> = {
  attributes: `CASE WHEN action_type = 'alias' THEN attributes END`,
};

/**
 * The channel macro's arguments besides click_ids (an id column), staged by compact so that each
 * row's channel is found from the narrow rows (stamps.ts): utm, source, source_type, referrer
 * (`from`: a raw column, or a field of one).
 */
const CHANNEL_ARGS: { name: string; from: string; type: (cols: Column[]) => string }[] = [
  { name: 'utm', from: 'utm', type: (cols) => cols.find((c) => c.name === 'utm')!.type },
  { name: 'source', from: 'source', type: () => 'VARCHAR' },
  { name: 'source_type', from: 'source_type', type: () => 'VARCHAR' },
  { name: 'referrer', from: 'page.referrer', type: () => 'VARCHAR' },
];

/**
 * What a narrow pass stages: `ids` (raw columns, see ID_EXPRESSIONS) and, with `channelArgs`, the
 * channel's arguments. Only these columns are staged and declared to read_json: a column staged
 * costs its parse and its append, one declared and not read still ≈ 1 µs/row (bench/compact-narrow.mjs).
 * read_json checks the type of the columns it reads only, so a line whose other columns have the
 * wrong type is not salvaged here: its day's write (write.ts) stops with an error instead.
 */
export interface Staging {
  ids: string[];
  channelArgs: boolean;
}

/** compact: the ids, dedup's keys and the channel's arguments */
export const COMPACT_STAGING: Staging = { ids: ID_COLUMNS, channelArgs: true };
/** erase and export (privacy/person.ts): the ids, and traits for the addresses in clear they hold */
export const PRIVACY_STAGING: Staging = { ids: [...ID_COLUMNS, 'traits'], channelArgs: false };

/** The SELECT list of `ids`, from raw rows or from tables/events files alike. */
export function idSelect(ids: string[]): string {
  return ids.map((n) => (ID_EXPRESSIONS[n] ? `${ID_EXPRESSIONS[n]} AS "${n}"` : `"${n}"`)).join(', ');
}

/** A local file of a day's raw rows and whether it is gzip (salvaged copies are not). */
export interface DayFile {
  file: string;
  gzip: boolean;
}

/**
 * Creates the empty table `ids`: the columns `staging` stages, and dt. stageDay must be called
 * with the same `staging`.
 */
export async function createIds(duck: Duck, cols: Column[], staging: Staging): Promise<void> {
  const defs = [
    ...staging.ids.map((n) => `"${n}" ${cols.find((c) => c.name === n)!.type}`),
    ...(staging.channelArgs ? CHANNEL_ARGS.map((a) => `"${a.name}" ${a.type(cols)}`) : []),
  ].join(', ');
  await duck.run(`CREATE OR REPLACE TABLE ${IDS} (${defs}, dt VARCHAR)`);
}

/**
 * read_json over raw files with the typed columns of a lake row, all of them or those of `cols`
 * (each with its full type: a column is type-checked when it is read, as with all declared)
 */
export function readRaw(files: DayFile[], cols: Column[] = rawColumns()): string {
  const declared = readJsonColumns(cols);
  const gz = files.filter((f) => f.gzip).map((f) => lit(f.file));
  const plain = files.filter((f) => !f.gzip).map((f) => lit(f.file));
  const one = (list: string[], compression: string) =>
    `SELECT * FROM read_json([${list.join(', ')}], format = 'newline_delimited', hive_partitioning = false, compression = '${compression}', columns = ${declared}, maximum_object_size = 16777216)`;
  const parts = [...(gz.length ? [one(gz, 'gzip')] : []), ...(plain.length ? [one(plain, 'uncompressed')] : [])];
  return parts.length ? `(${parts.join(' UNION ALL ')})` : `(SELECT * FROM read_json([], columns = ${declared}) LIMIT 0)`;
}

async function insert(duck: Duck, files: DayFile[], dt: string, staging: Staging): Promise<void> {
  const args = staging.channelArgs ? CHANNEL_ARGS : [];
  const read = new Set([...staging.ids, ...args.map((a) => a.from.split('.')[0])]);
  const extra = args.map((a) => `, ${a.from} AS "${a.name}"`).join('');
  await duck.run(`INSERT INTO ${IDS} SELECT ${idSelect(staging.ids)}${extra}, ${lit(dt)} FROM ${readRaw(files, rawColumns().filter((c) => read.has(c.name)))}`);
}

export interface StageResult {
  files: DayFile[];
  problems: string[];
}

export async function stageDay(
  duck: Duck, lake: Lake, dt: string, objects: LakeObject[], work: string, staging: Staging,
): Promise<StageResult> {
  const problems: string[] = [];
  const local = await localFiles(lake, objects.map((o) => o.key), work);
  const files: DayFile[] = local.map((file) => ({ file, gzip: true }));
  try {
    await insert(duck, files, dt, staging);
    return { files, problems };
  } catch {
    const good: DayFile[] = [];
    for (let i = 0; i < files.length; i++) {
      try {
        await insert(duck, [files[i]], dt, staging);
        good.push(files[i]);
      } catch (err) {
        const s = await salvageOne(duck, objects[i].key, files[i].file, dt, work, err as Error, staging);
        problems.push(s.problem);
        if (s.file) good.push(s.file);
      }
    }
    return { files: good, problems };
  }
}

async function salvageOne(
  duck: Duck, key: string, file: string, dt: string, work: string, first: Error, staging: Staging,
): Promise<{ problem: string; file: DayFile | null }> {
  const out: DayFile = { file: path.join(work, 'salvaged', `${dt}-${path.basename(file)}.ndjson`), gzip: false };
  await fs.promises.mkdir(path.dirname(out.file), { recursive: true });
  const s = await salvage(file, out.file);
  const unreadable = (err: Error) => ({ problem: `${key}: unreadable (${err.message.split('\n')[0]}); skipped`, file: null });
  if (!s.gzipError && !s.badLines.length) return unreadable(first);
  if (s.kept > 0) {
    try {
      await insert(duck, [out], dt, staging);
    } catch (err) {
      return unreadable(err as Error);
    }
  }
  return { problem: describeSalvage(key, s), file: s.kept > 0 ? out : null };
}
