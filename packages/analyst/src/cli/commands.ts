/** The commands of this package: compact, models, build, query, ddl. */
import { compact } from '../compact/index';
import { ddl } from '../ddl/ddl';
import { runModels, type Command } from '../models/index';
import { eraseSite } from '../privacy/erase';
import { exportPerson } from '../privacy/export';
import { retention } from '../privacy/retention';
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
  erase: {
    help: 'ID [--dry-run]: remove every row of the person behind ID from raw objects and tables, suppress their ids',
    run: async (ctx) => {
      const id = ctx.args[0];
      if (!id) throw new UserError('erase needs the id (anonymous_id or user_id) of the person', 2);
      const dry = ctx.flags['dry-run'] === true;
      for (const site of ctx.sites) {
        const r = await eraseSite(ctx, site, id, dry);
        ctx.print(
          r.noop
            ? `erase ${site}: already done (${r.ids} ids); nothing changed`
            : `erase ${site}: ${r.ids} ids, ${r.rows} rows ${dry ? 'would be ' : ''}removed; ${r.objects.rewritten} objects rewritten, ${r.objects.removed} removed, of ${r.objects.scanned}`,
        );
      }
    },
  },
  export: {
    help: 'ID [--out FILE]: every raw row of the person behind ID, as NDJSON',
    run: async (ctx) => {
      const id = ctx.args[0];
      if (!id) throw new UserError('export needs the id (anonymous_id or user_id) of the person', 2);
      const out = typeof ctx.flags.out === 'string' ? ctx.flags.out : null;
      const n = await exportPerson(ctx, id, out);
      if (out) ctx.print(`export: ${n} rows written to ${out}`);
    },
  },
  retention: {
    help: '--days N [--dry-run]: remove raw and table partitions older than N days, rebuild the models',
    run: async (ctx) => ctx.print(await retention(ctx, ctx.flags.days, ctx.flags['dry-run'] === true)),
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
