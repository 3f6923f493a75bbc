/**
 * `actionlake build [--from] [--to]`: compact, then models, what a nightly job runs. compact builds
 * the identity map of every site (to stamp person_id) and the models take it as it is.
 */
import { compact } from '../compact/index';
import { IDENTITY_MAP } from '../compact/persons';
import { runModels } from '../models/index';
import { DAY_RANGE, type Command } from './command';

export const build: Command = {
  name: 'build',
  help: 'compact, then models: what a nightly job runs',
  options: { ...DAY_RANGE },
  async run(ctx) {
    const c = await compact(ctx, { identityOfEverySite: true });
    const started = Date.now();
    const m = await runModels(ctx, { built: [IDENTITY_MAP] });
    ctx.print(`${m.summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return c.exitCode;
  },
};
