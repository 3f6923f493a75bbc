/**
 * One DuckDB view per table of the lake (`tables/<name>/`), named like the table, over its Parquet
 * files with Hive partitions (site_id, dt) as columns. Limited to `sites` when given.
 */
import type { Lake } from '../lake/lake';
import { localFiles } from '../lake/local-copy';
import { ident, lit, type Duck } from './duck';

export const MANIFEST_FOLDER = '_manifest';

/** The Parquet keys of one table, for the given sites (all when empty). */
export async function tableKeys(lake: Lake, table: string, sites: string[]): Promise<string[]> {
  const prefixes = sites.length ? sites.map((s) => `tables/${table}/site_id=${s}/`) : [`tables/${table}/`];
  const keys: string[] = [];
  for (const p of prefixes) for (const o of await lake.list(p)) if (o.key.endsWith('.parquet')) keys.push(o.key);
  return keys;
}

/** The SQL that reads these Parquet files (Hive partitions as columns). */
export function parquetSource(files: string[]): string {
  return `read_parquet([${files.map(lit).join(', ')}], hive_partitioning = true, union_by_name = true)`;
}

/** Creates the views; returns the names of the tables that have files. */
export async function createTableViews(duck: Duck, lake: Lake, sites: string[], work: string): Promise<string[]> {
  const names = (await lake.folders('tables/')).filter((t) => t !== MANIFEST_FOLDER && /^[a-z0-9_]+$/.test(t));
  const made: string[] = [];
  for (const name of names) {
    const keys = await tableKeys(lake, name, sites);
    if (!keys.length) continue;
    const files = await localFiles(lake, keys, work);
    await duck.run(`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM ${parquetSource(files)}`);
    made.push(name);
  }
  return made;
}
