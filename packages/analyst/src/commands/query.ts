/** `actionlake query "SQL" [--json]`: the tables as views, the result as a text table or JSON. */
import { createTableViews } from '../ground/duck/views';
import { UserError } from '../ground/errors';
import { formatTable } from '../ground/output/table';
import { JSON_OUTPUT, type Command } from './command';

export const query: Command = {
  name: 'query',
  help: 'any SQL; each table is a view of the same name',
  args: { name: '"SQL"', many: true },
  options: { ...JSON_OUTPUT },
  async run(ctx) {
    const sql = ctx.args.join(' ').trim();
    if (!sql) throw new UserError('query needs the SQL to run: actionlake query "SELECT ..."', 2);
    const views = await createTableViews(ctx.duck, ctx.lake, ctx.sites, ctx.work);
    let rows: Record<string, unknown>[];
    try {
      rows = await ctx.duck.all(sql);
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      const hint = views.length ? `tables: ${views.join(', ')}` : 'no tables yet: run actionlake compact (or build) first';
      throw new UserError(`query failed: ${msg} (${hint})`);
    }
    ctx.print(ctx.flags.json ? JSON.stringify(rows) : formatTable(rows));
  },
};
