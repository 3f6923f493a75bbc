/**
 * `actionlake query "SQL" [--json] [--out FILE [--format csv|json|ndjson|parquet]]`: the tables
 * as views; the result as a text table, JSON, or a file (CSV safe for spreadsheets, JSON, NDJSON,
 * Parquet: by the file's extension, or --format).
 */
import path from 'node:path';
import { createTableViews } from '../ground/duck/views';
import { UserError } from '../ground/errors';
import { FORMATS, formatOf, writeRows } from '../ground/output/files';
import { formatTable } from '../ground/output/table';
import { JSON_OUTPUT, stringFlag, type Command } from './command';

export const query: Command = {
  name: 'query',
  help: 'any SQL; each table is a view of the same name; --out writes the result to a file',
  args: { name: '"SQL"', many: true },
  options: { ...JSON_OUTPUT, out: { type: 'string', value: 'FILE' }, format: { type: 'string', value: FORMATS.join('|') } },
  async run(ctx) {
    const sql = ctx.args.join(' ').trim().replace(/;\s*$/, '');
    if (!sql) throw new UserError('query needs the SQL to run: actionlake query "SELECT ..."', 2);
    const out = stringFlag(ctx, 'out');
    const asked = stringFlag(ctx, 'format');
    if (asked !== undefined && out === undefined) throw new UserError('query --format needs --out FILE (the terminal gets a table, or JSON with --json)', 2);
    if (out !== undefined && ctx.flags.json) throw new UserError('query: give --json (JSON on stdout) or --out FILE, not both (--out x.json writes JSON)', 2);
    const format = out === undefined ? undefined : formatOf(out, asked);
    const views = await createTableViews(ctx.duck, ctx.lake, ctx.sites, ctx.work);
    const failed = (err: unknown) => {
      const msg = (err as Error).message.split('\n')[0];
      const hint = views.length ? `tables: ${views.join(', ')}` : 'no tables yet: run actionlake compact (or build) first';
      return new UserError(`query failed: ${msg} (${hint})`);
    };
    if (out !== undefined && format !== undefined) {
      const file = path.resolve(out);
      const n = await writeRows(ctx.duck, sql, file, format).catch((err) => Promise.reject(failed(err)));
      ctx.print(`query: ${n} row${n === 1 ? '' : 's'} written to ${file} (${format})`);
      return;
    }
    const { rows, columns } = await ctx.duck.table(sql).catch((err) => Promise.reject(failed(err)));
    ctx.print(ctx.flags.json ? JSON.stringify(rows) : formatTable(rows, { types: Object.fromEntries(columns.map((c) => [c.name, c.type])) }));
  },
};
