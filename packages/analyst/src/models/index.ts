/**
 * PLACEHOLDER (analyst-compact): the models runner. The analyst-models branch replaces this file with
 * the real one, which builds sessions, identity_map, profiles, conversions, attribution,
 * channel_daily and products from tables/events for each of ctx.sites.
 *
 * `commands` lets that branch add its own commands (profile, attribution, segment, ...) to the
 * `actionlake` CLI without touching src/cli: name → handler; every flag of src/cli/args.ts is parsed
 * already (ctx.flags), positionals are in ctx.args.
 */
import type { Context } from '../context';

export interface ModelsSummary {
  /** one line for the summary, e.g. "7 tables, 12,345 rows" */
  summary: string;
}

export async function runModels(_ctx: Context): Promise<ModelsSummary> {
  return { summary: 'models: none yet (placeholder)' };
}

export interface Command {
  /** one line for --help */
  help: string;
  run(ctx: Context): Promise<number | void>;
}

export const commands: Record<string, Command> = {};
