/**
 * `actionlake ddl --engine athena|spark [--location s3://BUCKET/PREFIX]`: one CREATE EXTERNAL TABLE
 * per table of the lake, with the columns of its Parquet files (read from the newest file) and its
 * Hive partitions (site_id, and dt where the table has it), then MSCK REPAIR TABLE to load the
 * partitions. The LOCATION is --location (where the tables are synced to), else the lake's own:
 * its S3 location, or for Spark a local lake's file:// folder (Athena reads S3 only: a local lake
 * needs --location).
 */
import { parseTableKey, tablePrefix } from '@actionlake/schema/node';
import type { Context } from '../ground/context';
import { lit } from '../ground/duck/duck';
import { tableKeys, tableNames } from '../ground/duck/views';
import { localFile } from '../ground/lake/local-copy';
import { LocalLake } from '../ground/lake/local';
import { UserError } from '../ground/errors';
import { hiveType, type Engine } from './types';

/** Where the tables are, for the LOCATION: --location, else the lake's own S3 location; a local folder only for Spark. */
function base(ctx: Context, engine: Engine): string {
  const loc = ctx.flags.location;
  if (typeof loc === 'string') {
    if (!/^[a-z][a-z0-9+.-]*:\/\//.test(loc)) throw new UserError(`--location must be a URL like s3://BUCKET/PREFIX, got "${loc}"`, 2);
    return loc.endsWith('/') ? loc : loc + '/';
  }
  if (!(ctx.lake instanceof LocalLake)) return ctx.lake.describe;
  const root = ctx.lake.localRoot;
  if (engine === 'athena') {
    throw new UserError(`ddl --engine athena needs --location s3://BUCKET/PREFIX, where the tables are synced to: Athena reads S3 only, and the lake ${root} is a local folder (aws s3 sync ${root}/tables s3://BUCKET/PREFIX/tables)`, 2);
  }
  return `file://${root}/`;
}

export async function ddl(ctx: Context, engine: Engine): Promise<string> {
  const out: string[] = [];
  for (const name of await tableNames(ctx.lake)) {
    const keys = await tableKeys(ctx.lake, name, ctx.sites);
    if (!keys.length) continue;
    const newest = keys[keys.length - 1];
    const partitions = parseTableKey(newest)?.dt ? ['site_id', 'dt'] : ['site_id'];
    const file = await localFile(ctx.lake, newest, ctx.work);
    const cols = await ctx.duck.describe(`SELECT * FROM read_parquet(${lit(file)}, hive_partitioning = false)`);
    const dataCols = cols.filter((c) => !partitions.includes(c.name));
    const location = `${base(ctx, engine)}${tablePrefix(name)}`;
    out.push(engine === 'athena' ? athena(name, dataCols, partitions, location) : spark(name, dataCols, partitions, location));
  }
  if (!out.length) throw new UserError('no tables in the lake yet: run actionlake build (or compact) first');
  return out.join('\n\n');
}

type Col = { name: string; type: string };

function athena(name: string, cols: Col[], partitions: string[], location: string): string {
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${name}\` (`,
    cols.map((c) => `  \`${c.name}\` ${hiveType(c.type, 'athena')}`).join(',\n'),
    ')',
    ...(partitions.length ? [`PARTITIONED BY (${partitions.map((p) => `\`${p}\` string`).join(', ')})`] : []),
    'STORED AS PARQUET',
    `LOCATION '${location}';`,
    ...(partitions.length ? [`MSCK REPAIR TABLE \`${name}\`;`] : []),
  ].join('\n');
}

function spark(name: string, cols: Col[], partitions: string[], location: string): string {
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS \`${name}\` (`,
    cols.map((c) => `  \`${c.name}\` ${hiveType(c.type, 'spark')}`).join(',\n'),
    ')',
    ...(partitions.length ? [`PARTITIONED BY (${partitions.map((p) => `\`${p}\` STRING`).join(', ')})`] : []),
    'STORED AS PARQUET',
    `LOCATION '${location}';`,
    ...(partitions.length ? [`MSCK REPAIR TABLE \`${name}\`;`] : []),
  ].join('\n');
}
