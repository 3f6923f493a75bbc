/**
 * The command line: `actionlake <command> [positionals] [flags]`, parsed with node:util parseArgs.
 * Every command's flags are declared here, so a command (also one of src/models) only reads them.
 */
import { parseArgs } from 'node:util';
import { UserError } from './errors';

export const OPTIONS = {
  lake: { type: 'string' },
  s3: { type: 'string' },
  site: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
  engine: { type: 'string' },
  model: { type: 'string' },
  by: { type: 'string' },
  where: { type: 'string' },
  out: { type: 'string' },
  days: { type: 'string' },
  'dry-run': { type: 'boolean' },
  location: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface Parsed {
  command: string | undefined;
  args: string[];
  flags: Record<string, string | boolean | undefined>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SITE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function parse(argv: string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError(`${(err as Error).message.split('\n')[0]} (see actionlake --help)`, 2);
  }
  const flags = parsed.values as Record<string, string | boolean | undefined>;
  for (const name of ['from', 'to'] as const) {
    const v = flags[name];
    if (typeof v === 'string' && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) throw new UserError(`--${name} must be a date YYYY-MM-DD, got "${v}"`, 2);
  }
  if (typeof flags.from === 'string' && typeof flags.to === 'string' && flags.from > flags.to) throw new UserError(`--from ${flags.from} is after --to ${flags.to}`, 2);
  if (typeof flags.site === 'string' && !SITE.test(flags.site)) throw new UserError(`--site must be a site id (${SITE.source}), got "${flags.site}"`, 2);
  const [command, ...args] = parsed.positionals;
  return { command, args, flags };
}
