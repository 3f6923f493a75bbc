/** `actionlake compact [--from] [--to]`: raw events/ objects → Parquet tables/events/ (src/compact). */
import { compact as compactLake } from '../compact/index';
import { DAY_RANGE, type Command } from './command';

export const compact: Command = {
  name: 'compact',
  help: 'raw events/ objects → Parquet tables/events/ (dedup, typed, sorted; only changed days)',
  options: { ...DAY_RANGE },
  run: async (ctx) => (await compactLake(ctx)).exitCode,
};
