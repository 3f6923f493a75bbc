/** `actionlake --help` and `actionlake <command> --help`, written from the commands' own declarations. */
import type { Command } from '../commands/command';
import { LAKE_OPTIONS, optionText } from './args';

/** `query "SQL" [--json] [--out FILE]` */
export function commandLine(c: Command): string {
  const opts = Object.entries(c.options).map(([n, o]) => (o.required ? optionText(n, o) : `[${optionText(n, o)}]`));
  return [c.name, ...(c.args ? [c.args.name] : []), ...opts].join(' ');
}

const LAKE_LINE = `every command: ${optionText('lake', LAKE_OPTIONS.lake)} | ${optionText('s3', LAKE_OPTIONS.s3)} (default: S3_BUCKET/S3_PREFIX, else LAKE_DIR, else ./data/lake), ${optionText('site', LAKE_OPTIONS.site)} (one site)`;

export function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'usage: actionlake <command> [options]   (actionlake <command> --help: its options)',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${commandLine(c).slice(c.name.length + 1)}${c.args || Object.keys(c.options).length ? ': ' : ''}${c.help}`),
    '',
    LAKE_LINE,
    '',
  ].join('\n');
}

export function commandUsage(c: Command): string {
  return [`usage: actionlake ${commandLine(c)}`, c.help, LAKE_LINE, ''].join('\n');
}
