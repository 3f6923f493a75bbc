/**
 * Writes one model table to the lake: `tables/<name>/site_id=<site>/data.parquet` per site (zstd),
 * written locally, then put whole under a fixed key (a reader sees the old file or the new one,
 * never both), then any other file left in that folder by an older layout removed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stateKey, stateModelOf, stateRoot, tablePrefix } from '@actionlake/schema/node';
import type { Context } from '../ground/context';
import { ident, lit } from '../ground/duck/duck';

export const TABLE_FILE = 'data.parquet';

export async function writeTable(ctx: Context, name: string, order: string, site: string): Promise<number> {
  const dir = path.join(ctx.work, 'out', name, `site_id=${site}`);
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, TABLE_FILE);
  const select = `SELECT * EXCLUDE (site_id) FROM ${ident(name)} WHERE site_id = ${lit(site)}${order ? ` ORDER BY ${order}` : ''}`;
  await ctx.duck.run(`COPY (${select}) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd)`);
  const [{ n }] = await ctx.duck.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${ident(name)} WHERE site_id = ${lit(site)}`);
  const prefix = tablePrefix(name, site);
  const key = prefix + TABLE_FILE;
  await ctx.lake.put(key, file);
  const stale = (await ctx.lake.list(prefix)).map((o) => o.key).filter((k) => k !== key);
  if (stale.length) await ctx.lake.delete(stale);
  return n;
}

/**
 * Writes one site's rows of a kept step (a per-person model a whole-table model reads) to
 * `tables/_manifest/site_id=<site>/state/<name>.parquet`, site_id included: the next incremental
 * build starts from it. Not a table of the contract: no view, no DDL.
 */
export async function writeState(ctx: Context, name: string, site: string): Promise<void> {
  const dir = path.join(ctx.work, 'state', `site_id=${site}`);
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.parquet`);
  await ctx.duck.run(`COPY (SELECT * FROM ${ident(name)} WHERE site_id = ${lit(site)}) TO ${lit(file)} (FORMAT parquet, COMPRESSION zstd)`);
  await ctx.lake.put(stateKey(site, name), file);
}

/**
 * Removes the files under a site's state/ of steps no longer kept (a step that a model which is
 * not per person stopped reading): a full build leaves only what the next build reads. Gives how
 * many files it removed.
 */
export async function removeUnkeptState(ctx: Context, site: string, kept: string[]): Promise<number> {
  const stale = (await ctx.lake.list(stateRoot(site))).map((o) => o.key).filter((k) => !kept.includes(stateModelOf(site, k) ?? ''));
  if (stale.length) await ctx.lake.delete(stale);
  return stale.length;
}
