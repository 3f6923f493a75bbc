/** `actionlake retention --days N [--dry-run]` (contract §8): src/privacy/retention.ts. */
import { retention as removeOld } from '../privacy/retention';
import type { Command } from './command';

export const retention: Command = {
  name: 'retention',
  help: 'remove raw and table partitions older than N days, rebuild the models',
  options: { days: { type: 'string', value: 'N', required: true }, 'dry-run': { type: 'boolean' } },
  run: async (ctx) => ctx.print(await removeOld(ctx, ctx.flags.days, ctx.flags['dry-run'] === true)),
};
