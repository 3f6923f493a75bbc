/** `actionlake models`: the derived tables from tables/events (src/models). */
import { runModels } from '../models/index';
import type { Command } from './command';

export const models: Command = {
  name: 'models',
  help: 'the derived tables (sessions, profiles, attribution, ...) from tables/events; incremental unless --full',
  options: { full: { type: 'boolean' } },
  async run(ctx) {
    const started = Date.now();
    const m = await runModels(ctx, { full: ctx.flags.full === true });
    ctx.print(`${m.summary} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  },
};
