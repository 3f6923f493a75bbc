/**
 * One DuckDB view per table of the lake (`tables/<name>/`), named like the table, over its Parquet
 * files with Hive partitions (site_id, dt) as columns. Limited to `sites` when given.
 */
import { isTableName, TABLES_PREFIX, tablePrefix } from '@actionlake/schema/node';
import type { Lake } from '../lake/lake';
import { localFiles } from '../lake/local-copy';
import { ident, lit, type Duck } from './duck';

/** The Parquet keys of one table, for the given sites (all when empty). */
export async function tableKeys(lake: Lake, table: string, sites: string[]): Promise<string[]> {
  const prefixes = sites.length ? sites.map((s) => tablePrefix(table, s)) : [tablePrefix(table)];
  const keys: string[] = [];
  for (const p of prefixes) for (const o of await lake.list(p)) if (o.key.endsWith('.parquet')) keys.push(o.key);
  return keys;
}

/** The SQL that reads these Parquet files (Hive partitions as columns). */
export function parquetSource(files: string[]): string {
  return `read_parquet([${files.map(lit).join(', ')}], hive_partitioning = true, union_by_name = true)`;
}

/** The names of the lake's tables (folders under tables/, whether or not they hold files). */
export async function tableNames(lake: Lake): Promise<string[]> {
  return (await lake.folders(TABLES_PREFIX)).filter(isTableName);
}

/** Creates the views; returns the names of the tables that have files. */
export async function createTableViews(duck: Duck, lake: Lake, sites: string[], work: string): Promise<string[]> {
  const made: string[] = [];
  for (const name of await tableNames(lake)) {
    const keys = await tableKeys(lake, name, sites);
    if (!keys.length) continue;
    const files = await localFiles(lake, keys, work);
    await duck.run(`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT * FROM ${parquetSource(files)}`);
    made.push(name);
  }
  return made;
}
