/**
 * `actionlake segment --where "SQL predicate over profiles" [--out FILE.csv] [--json]`: how many
 * persons match and who (person_id, user_id, anonymous ids).
 */
import path from 'node:path';
import { UserError } from '../cli/errors';
import { counted, formatTable } from '../cli/table';
import type { Context } from '../context';
import { lit } from '../duck/duck';
import { requireTables } from './views';

export const segmentCommand = {
  help: '--where "SQL predicate over profiles" [--out FILE.csv] [--json]: how many persons match, and who',
  async run(ctx: Context): Promise<void> {
    const where = typeof ctx.flags.where === 'string' ? ctx.flags.where.trim() : '';
    if (!where) throw new UserError('segment needs --where "SQL predicate over profiles", e.g. --where "revenue > 100 AND first_touch_channel = \'Paid Social\'"', 2);
    await requireTables(ctx, ['profiles']);
    const select = `SELECT site_id, person_id, user_id, array_to_string(anonymous_ids, ' ') AS anonymous_ids
                    FROM profiles WHERE (${where}) ORDER BY site_id, person_id`;
    let rows: Record<string, unknown>[];
    try {
      rows = await ctx.duck.all(select);
    } catch (err) {
      const cols = (await ctx.duck.describe('SELECT * FROM profiles')).map((c) => c.name).join(', ');
      throw new UserError(`segment --where failed: ${(err as Error).message.split('\n')[0]} (columns of profiles: ${cols})`);
    }
    const multiSite = new Set(rows.map((r) => r.site_id)).size > 1;
    const shown = rows.map(({ site_id, ...r }) => (multiSite ? { site_id, ...r } : r));
    if (typeof ctx.flags.out === 'string') {
      const file = path.resolve(ctx.flags.out);
      await ctx.duck.run(`COPY (${select}) TO ${lit(file)} (FORMAT csv, HEADER true)`);
      ctx.print(`${matching(rows.length)}; written to ${file}`);
      return;
    }
    if (ctx.flags.json) {
      ctx.print(JSON.stringify({ count: rows.length, persons: shown }));
      return;
    }
    ctx.print(matching(rows.length));
    if (rows.length) ctx.print(formatTable(shown));
  },
};

/** "1 person matches", "3 persons match" */
const matching = (n: number): string => `${counted(n, 'person')} match${n === 1 ? 'es' : ''}`;
