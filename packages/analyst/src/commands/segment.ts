/**
 * `actionlake segment --where "SQL predicate over profiles" [--out FILE.csv] [--json]`: how many
 * persons match and who (src/report/segment.ts).
 */
import path from 'node:path';
import { lit } from '../ground/duck/duck';
import { UserError } from '../ground/errors';
import { formatTable } from '../ground/output/table';
import { matching, segmentRows, segmentSelect } from '../report/segment';
import { requireTables } from '../report/views';
import { JSON_OUTPUT, stringFlag, type Command } from './command';

export const segment: Command = {
  name: 'segment',
  help: 'how many persons match an SQL predicate over profiles, and who',
  options: {
    where: { type: 'string', value: '"SQL predicate over profiles"', required: true },
    out: { type: 'string', value: 'FILE' },
    ...JSON_OUTPUT,
  },
  async run(ctx) {
    const where = stringFlag(ctx, 'where')?.trim() ?? '';
    if (!where) throw new UserError('segment needs --where "SQL predicate over profiles", e.g. --where "revenue > 100 AND first_touch_channel = \'Paid Social\'"', 2);
    await requireTables(ctx, ['profiles']);
    const rows = await segmentRows(ctx, where);
    const multiSite = new Set(rows.map((r) => r.site_id)).size > 1;
    const shown = rows.map(({ site_id, ...r }) => (multiSite ? { site_id, ...r } : r));
    const out = stringFlag(ctx, 'out');
    if (out !== undefined) {
      const file = path.resolve(out);
      await ctx.duck.run(`COPY (${segmentSelect(where)}) TO ${lit(file)} (FORMAT csv, HEADER true)`);
      ctx.print(`${matching(rows.length)}; written to ${file}`);
    } else if (ctx.flags.json) ctx.print(JSON.stringify({ count: rows.length, persons: shown }));
    else {
      ctx.print(matching(rows.length));
      if (rows.length) ctx.print(formatTable(shown));
    }
  },
};
