/** `actionlake ddl --engine athena|spark [--location URL]`: CREATE EXTERNAL TABLE statements (src/ddl). */
import { ddl as statements } from '../ddl/ddl';
import { UserError } from '../ground/errors';
import type { Command } from './command';

export const ddl: Command = {
  name: 'ddl',
  help: 'CREATE EXTERNAL TABLE statements for the tables',
  options: {
    engine: { type: 'string', value: 'athena|spark', required: true },
    location: { type: 'string', value: 's3://BUCKET/PREFIX' },
  },
  async run(ctx) {
    const engine = ctx.flags.engine;
    if (engine !== 'athena' && engine !== 'spark') throw new UserError('ddl needs --engine athena or --engine spark', 2);
    ctx.print(await statements(ctx, engine));
  },
};
