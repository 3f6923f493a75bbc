/** The commands of this package: compact, models, build, query, ddl. */
import { compact } from '../compact/index';
import { ddl } from '../ddl/ddl';
import { runModels, type Command } from '../models/index';
import { query } from './query';
import { UserError } from './errors';

export const builtins: Record<string, Command> = {
  compact: {
    help: 'raw events/ objects → Parquet tables/events/ (dedup, typed, sorted; only changed days)',
    run: async (ctx) => (await compact(ctx)).exitCode,
  },
  models: {
    help: 'the derived tables (sessions, profiles, attribution, ...) from tables/events',
    run: async (ctx) => {
      const started = Date.now();
      const m = await runModels(ctx);
      ctx.print(`${m.summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  },
  build: {
    help: 'compact, then models: what a nightly job runs [--from YYYY-MM-DD] [--to YYYY-MM-DD]',
    run: async (ctx) => {
      const c = await compact(ctx);
      const started = Date.now();
      const m = await runModels(ctx);
      ctx.print(`${m.summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return c.exitCode;
    },
  },
  query: {
    help: '"SQL" [--json]: any SQL; each table is a view of the same name',
    run: (ctx) => query(ctx),
  },
  ddl: {
    help: '--engine athena|spark [--location s3://BUCKET/PREFIX]: CREATE EXTERNAL TABLE statements',
    run: async (ctx) => {
      const engine = ctx.flags.engine;
      if (engine !== 'athena' && engine !== 'spark') throw new UserError('ddl needs --engine athena or --engine spark', 2);
      ctx.print(await ddl(ctx, engine));
    },
  },
};
