/**
 * A segment (`actionlake segment`): the persons whose profiles row matches an SQL predicate, with
 * their ids (person_id, user_id, anonymous ids).
 */
import type { Context } from '../ground/context';
import { UserError } from '../ground/errors';

/** The SELECT of the persons matching `where` (site_id, person_id, user_id, anonymous_ids as one string). */
export function segmentSelect(where: string): string {
  return `SELECT site_id, person_id, user_id, array_to_string(anonymous_ids, ' ') AS anonymous_ids
          FROM profiles WHERE (${where}) ORDER BY site_id, person_id`;
}

/** The matching persons; a clear error naming the columns of profiles when `where` is not valid SQL. */
export async function segmentRows(ctx: Pick<Context, 'duck'>, where: string): Promise<Record<string, unknown>[]> {
  return profilesWhere(ctx, segmentSelect(where), 'segment');
}

/**
 * The rows of `select`, a query over profiles with the user's predicate in it (segment, audience):
 * a clear error naming the columns of profiles when the predicate is not valid SQL.
 */
export async function profilesWhere<T = Record<string, unknown>>(ctx: Pick<Context, 'duck'>, select: string, command: string): Promise<T[]> {
  try {
    return await ctx.duck.all<T>(select);
  } catch (err) {
    const cols = (await ctx.duck.describe('SELECT * FROM profiles')).map((c) => c.name).join(', ');
    throw new UserError(`${command} --where failed: ${(err as Error).message.split('\n')[0]} (columns of profiles: ${cols})`);
  }
}

/** "1 person matches", "3 persons match" */
export const matching = (n: number): string => `${n} person${n === 1 ? '' : 's'} match${n === 1 ? 'es' : ''}`;
