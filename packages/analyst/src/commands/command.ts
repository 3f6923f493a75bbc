/**
 * What a command is: a name, one line of help, the positional arguments and options it takes, and
 * run(ctx). The door (src/cli) parses the command line against exactly these (any other option is
 * an error naming them), finds the lake, opens DuckDB and hands run() the Context (src/ground).
 * A command reads its flags from the context, calls the features (compact, models, report,
 * privacy, ddl) and prints; the registry (./index.ts) lists every command.
 */
import type { Context } from '../ground/context';

export interface Option {
  type: 'string' | 'boolean';
  /** what the value is, for --help and errors: 'FILE', 'first|last|…' (string options) */
  value?: string;
  /** shown without brackets in --help; the command checks it and says what is missing */
  required?: boolean;
}

export interface Command {
  name: string;
  /** one line: what it does */
  help: string;
  /**
   * Its positional argument, as --help shows it ('ID', '"SQL"'): at most one unless `many` (the
   * words of one SQL statement). None when absent: then any positional is an error.
   */
  args?: { name: string; many?: boolean };
  /** its own options; the lake's (--lake, --s3, --site) and --help are every command's */
  options: Record<string, Option>;
  /**
   * A command that writes a site's first rows (import): `--site S` may name a site the lake has no
   * events for yet, and the command itself checks S (otherwise such a site is an unknown site).
   */
  createsSite?: boolean;
  /** the exit code (0 when nothing is returned) */
  run(ctx: Context): Promise<number | void>;
}

/** --from / --to: the days a command works on (inclusive, UTC) */
export const DAY_RANGE: Record<string, Option> = {
  from: { type: 'string', value: 'YYYY-MM-DD' },
  to: { type: 'string', value: 'YYYY-MM-DD' },
};

/** --json: the result for programs instead of text */
export const JSON_OUTPUT: Record<string, Option> = { json: { type: 'boolean' } };

/** The value of a string flag, or undefined. */
export function stringFlag(ctx: Context, name: string): string | undefined {
  const v = ctx.flags[name];
  return typeof v === 'string' ? v : undefined;
}
