/**
 * The person's rows in tables/events Parquet files that compact did not rebuild (a day whose raw
 * objects held nobody else's rows has no raw object left, so compact leaves its file): each file
 * holding such rows is rewritten without them (the same key, replaced whole) or removed when
 * nothing else is in it. The derived tables are rebuilt from tables/events afterwards (models).
 */
import fs from 'node:fs';
import { tablePrefix } from '@actionlake/schema/node';
import path from 'node:path';
import type { Context } from '../ground/context';
import { lit } from '../ground/duck/duck';
import { localFile } from '../ground/lake/local-copy';
import { PLACEHOLDER_USER_IDS, type Person } from './person';

const list = (ids: Set<string> | string[]): string => ([...ids].length ? [...ids].map(lit).join(', ') : 'NULL');

/** SQL: the row (columns user_id, anonymous_id) is the person's, by the rules of ./person.ts. */
export function personPredicate(p: Person): string {
  const real = `user_id IS NOT NULL AND lower(trim(user_id)) NOT IN (${list(PLACEHOLDER_USER_IDS)})`;
  return `coalesce(CASE WHEN ${real} THEN user_id IN (${list(p.userIds)}) ELSE anonymous_id IN (${list(p.anonymousIds)}) END, false)`;
}

export async function eraseFromEventsTable(ctx: Context, site: string, person: Person): Promise<{ files: number; rows: number }> {
  const pred = personPredicate(person);
  let files = 0;
  let rows = 0;
  for (const o of await ctx.lake.list(tablePrefix('events', site))) {
    if (!o.key.endsWith('.parquet')) continue;
    const file = await localFile(ctx.lake, o.key, ctx.work);
    const src = `read_parquet(${lit(file)}, hive_partitioning = false)`;
    const [{ hits, total }] = await ctx.duck.all<{ hits: number; total: number }>(
      `SELECT count(*) FILTER (WHERE ${pred}) AS hits, count(*) AS total FROM ${src}`,
    );
    if (!Number(hits)) continue;
    files++;
    rows += Number(hits);
    if (Number(hits) === Number(total)) {
      await ctx.lake.delete([o.key]);
      continue;
    }
    const out = path.join(ctx.work, `erase-${files}.parquet`);
    await ctx.duck.run(`COPY (SELECT * FROM ${src} WHERE NOT ${pred}) TO ${lit(out)} (FORMAT parquet, COMPRESSION zstd)`);
    try {
      await ctx.lake.put(o.key, out);
    } finally {
      await fs.promises.rm(out, { force: true });
    }
  }
  return { files, rows };
}
