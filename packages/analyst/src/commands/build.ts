/**
 * `actionlake build [--from] [--to] [--full]`: compact, then models, what a nightly job runs.
 * compact builds the identity map of the sites with new days (to stamp person_id) and the models
 * take it as it is; models are incremental (only the persons the new rows touch) unless --full.
 */
import { compact } from '../compact/index';
import { IDENTITY_MAP } from '../compact/persons';
import { runModels } from '../models/index';
import { DAY_RANGE, type Command } from './command';

export const build: Command = {
  name: 'build',
  help: 'compact, then models (incremental; --full rebuilds every row): what a nightly job runs',
  options: { ...DAY_RANGE, full: { type: 'boolean' } },
  async run(ctx) {
    const c = await compact(ctx);
    const started = Date.now();
    const m = await runModels(ctx, { built: [IDENTITY_MAP], full: ctx.flags.full === true });
    ctx.print(`${m.summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return c.exitCode;
  },
};
