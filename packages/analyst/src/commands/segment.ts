/**
 * `actionlake segment --where "SQL predicate over profiles" [--out FILE] [--json]`: how many
 * persons match and who (src/report/segment.ts); --out writes them to a file (CSV safe for
 * spreadsheets, JSON, NDJSON or Parquet, by its extension).
 */
import path from 'node:path';
import { UserError } from '../ground/errors';
import { formatOf, writeRows } from '../ground/output/files';
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
    const out = stringFlag(ctx, 'out');
    const format = out === undefined ? undefined : formatOf(out); // before any work: a file it cannot write is bad usage
    if (!where) throw new UserError('segment needs --where "SQL predicate over profiles", e.g. --where "revenue > 100 AND first_touch_channel = \'Paid Social\'"', 2);
    await requireTables(ctx, ['profiles']);
    const rows = await segmentRows(ctx, where);
    const multiSite = new Set(rows.map((r) => r.site_id)).size > 1;
    const shown = rows.map(({ site_id, ...r }) => (multiSite ? { site_id, ...r } : r));
    if (out !== undefined && format !== undefined) {
      const file = path.resolve(out);
      await writeRows(ctx.duck, segmentSelect(where), file, format);
      ctx.print(`${matching(rows.length)}; written to ${file}`);
    } else if (ctx.flags.json) ctx.print(JSON.stringify({ count: rows.length, persons: shown }));
    else {
      ctx.print(matching(rows.length));
      if (rows.length) ctx.print(formatTable(shown));
    }
  },
};
