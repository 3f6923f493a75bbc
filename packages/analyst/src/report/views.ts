/** The model tables as views for a report; a clear error when `models` has not run yet. */
import { UserError } from '../ground/errors';
import type { Context } from '../ground/context';
import { createTableViews } from '../ground/duck/views';

export async function requireTables(ctx: Context, needed: string[]): Promise<void> {
  const made = await createTableViews(ctx.duck, ctx.lake, ctx.sites, ctx.work);
  const missing = needed.filter((t) => !made.includes(t));
  if (missing.length) {
    throw new UserError(`the lake ${ctx.lake.describe} has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''} yet: run actionlake build (or models) first`);
  }
}

/** SQL: a timestamp as "YYYY-MM-DD HH:MM" (UTC; DuckDB runs in UTC). */
export const minuteSql = (col: string) => `strftime(${col}, '%Y-%m-%d %H:%M')`;
