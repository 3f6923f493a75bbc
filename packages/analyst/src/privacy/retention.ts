/**
 * `actionlake retention --days N [--dry-run]` (contract §8): removes the raw events/ and bad/
 * partitions and the tables/ day partitions (dt=) older than N days (UTC, by the partition's day),
 * then rebuilds the derived tables (models) from what is left.
 */
import { dayOf, rawPrefix, TABLES_PREFIX, tablePrefix, UNKNOWN_SITE } from '@actionlake/schema/node';
import type { Context } from '../ground/context';
import { UserError } from '../ground/errors';
import { dropKeptMap } from '../compact/identity';
import { runModels } from '../models/index';

export async function retention(ctx: Context, daysFlag: unknown, dryRun: boolean, now = new Date()): Promise<string> {
  const days = Number(daysFlag);
  if (typeof daysFlag !== 'string' || !/^\d+$/.test(daysFlag) || days < 1) throw new UserError('retention needs --days N (a whole number of days, at least 1)', 2);
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  const prefixes = ctx.sites.flatMap((s) => [rawPrefix('events', s), rawPrefix('bad', s)]);
  prefixes.push(rawPrefix('bad', UNKNOWN_SITE));
  for (const t of await ctx.lake.folders(TABLES_PREFIX)) for (const s of ctx.sites) prefixes.push(tablePrefix(t, s));
  const old: string[] = [];
  for (const p of prefixes) {
    for (const o of await ctx.lake.list(p)) {
      const dt = dayOf(o.key);
      if (dt !== null && dt < cutoff) old.push(o.key);
    }
  }
  if (dryRun) {
    for (const k of old) ctx.print(`would remove ${k}`);
    return `retention: ${old.length} objects before ${cutoff} would be removed`;
  }
  for (let i = 0; i < old.length; i += 500) await ctx.lake.delete(old.slice(i, i + 500));
  if (!old.length) return `retention: 0 objects before ${cutoff} removed`;
  // compact's kept identity map (not by day) holds the ids of the days removed: the next build builds the whole map
  for (const s of ctx.sites) await dropKeptMap(ctx.lake, s);
  await runModels(ctx, { full: true });
  return `retention: ${old.length} objects before ${cutoff} removed`;
}
