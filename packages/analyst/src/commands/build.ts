/** `actionlake build [--from] [--to]`: compact, then models, what a nightly job runs. */
import { compact } from '../compact/index';
import { runModels } from '../models/index';
import { DAY_RANGE, type Command } from './command';

export const build: Command = {
  name: 'build',
  help: 'compact, then models: what a nightly job runs',
  options: { ...DAY_RANGE },
  async run(ctx) {
    const c = await compact(ctx);
    const started = Date.now();
    const m = await runModels(ctx);
    ctx.print(`${m.summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return c.exitCode;
  },
};
