/**
 * The command line: `actionlake <command> [argument] [options]`, parsed with node:util parseArgs
 * against exactly the options of that command (src/commands) and the lake's, which every command
 * takes. Anything else is bad usage (exit 2) with one line naming the command's options: an option
 * the command does not take, a positional it does not take, a date or site id that is not one.
 */
import { parseArgs } from 'node:util';
import type { Command, Option } from '../commands/command';
import { UserError } from '../ground/errors';

/** every command's: where the lake is and which site */
export const LAKE_OPTIONS: Record<string, Option> = {
  lake: { type: 'string', value: 'DIR' },
  s3: { type: 'string', value: 's3://BUCKET/PREFIX' },
  site: { type: 'string', value: 'S' },
};
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export interface Parsed {
  /** the command's name as given (undefined: none) */
  name: string | undefined;
  command: Command | undefined;
  args: string[];
  flags: Record<string, string | boolean | undefined>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SITE = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** `--out FILE`, `--json`: how an option is written in help and errors */
export function optionText(name: string, o: Option): string {
  return o.type === 'boolean' ? `--${name}` : `--${name} ${o.value ?? 'VALUE'}`;
}

type ParseOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parseOptions(options: Record<string, Option>): ParseOptions {
  const out: ParseOptions = { ...HELP };
  for (const [name, o] of Object.entries({ ...LAKE_OPTIONS, ...options })) out[name] = { type: o.type };
  return out;
}

/** Every option any command takes, so that the command's name can be found among the words. */
function anyCommandOptions(commands: readonly Command[]): Record<string, Option> {
  const all: Record<string, Option> = {};
  for (const c of commands) {
    for (const [name, o] of Object.entries(c.options)) {
      if (all[name] && all[name].type !== o.type) throw new Error(`option --${name} is a ${all[name].type} of one command and a ${o.type} of ${c.name}`);
      all[name] = o;
    }
  }
  return all;
}

/** Parses the words after `actionlake`; throws a UserError (exit 2) for bad usage. */
export function parse(argv: string[], commands: readonly Command[]): Parsed {
  const loose = parseArgs({ args: argv, options: parseOptions(anyCommandOptions(commands)), allowPositionals: true, strict: false });
  // `actionlake help` is `actionlake --help`
  const asked = loose.positionals[0] === 'help' && loose.positionals.length === 1;
  const name = asked ? undefined : loose.positionals[0];
  const command = commands.find((c) => c.name === name);
  if (name !== undefined && !command) throw new UserError(`unknown command "${name}" (see actionlake --help)`, 2);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: parseOptions(command?.options ?? {}), allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(err as Error & { code?: string }, command);
  }
  const flags = parsed.values as Record<string, string | boolean | undefined>;
  if (asked) flags.help = true;
  const args = parsed.positionals.slice(1);
  if (command && !flags.help) checkArgs(command, args);
  for (const day of ['from', 'to'] as const) {
    const v = flags[day];
    if (typeof v === 'string' && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) throw new UserError(`--${day} must be a date YYYY-MM-DD, got "${v}"`, 2);
  }
  if (typeof flags.from === 'string' && typeof flags.to === 'string' && flags.from > flags.to) throw new UserError(`--from ${flags.from} is after --to ${flags.to}`, 2);
  if (typeof flags.site === 'string' && !SITE.test(flags.site)) throw new UserError(`--site must be a site id (${SITE.source}), got "${flags.site}"`, 2);
  return { name, command, args, flags };
}

/** The options a command takes, for an error: "--json, --out FILE, --lake DIR, --s3 …, --site S" */
function optionList(command: Command): string {
  return Object.entries({ ...command.options, ...LAKE_OPTIONS }).map(([n, o]) => optionText(n, o)).join(', ');
}

function usageError(err: Error & { code?: string }, command: Command | undefined): UserError {
  const first = err.message.split('\n')[0];
  if (!command) {
    const unknown = /^Unknown option '([^']+)'/.exec(first);
    return new UserError(`${unknown ? `unknown option ${unknown[1]}` : first} (see actionlake --help)`, 2);
  }
  const unknown = /^Unknown option '([^']+)'/.exec(first);
  if (unknown) return new UserError(`${command.name} has no option ${unknown[1]}; its options: ${optionList(command)}`, 2);
  // a string option without its value (at the end, or followed by another option), a value given to a switch
  const name = /^Option '--([^' ]+)/.exec(first)?.[1];
  const option = name === undefined ? undefined : { ...LAKE_OPTIONS, ...command.options }[name];
  const what = option && name !== undefined
    ? (option.type === 'string' ? `--${name} needs a value (${optionText(name, option)})` : `--${name} takes no value`)
    : first.replace(/\.$/, '');
  return new UserError(`${command.name}: ${what}; its options: ${optionList(command)}`, 2);
}

function checkArgs(command: Command, args: string[]): void {
  const words = args.map((a) => JSON.stringify(a)).join(' ');
  if (!command.args && args.length) throw new UserError(`${command.name} takes no argument, got ${words}; its options: ${optionList(command)}`, 2);
  if (command.args && !command.args.many && args.length > 1) throw new UserError(`${command.name} takes one ${command.args.name}, got ${args.length}: ${words}`, 2);
}
