/**
 * `actionlake <command>`: finds the lake, opens DuckDB in a temp work folder, resolves the sites,
 * runs the command and cleans up. Returns the exit code: 0 done, 1 a user error (one line on
 * stderr, no stack trace), 2 bad usage, 3 done but some input was skipped (reported on stderr).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Context } from '../context';
import { Duck } from '../duck/duck';
import { findLake } from '../lake/find';
import type { Lake } from '../lake/lake';
import { commands as modelCommands, type Command } from '../models/index';
import { parse } from './args';
import { builtins } from './commands';
import { UserError } from './errors';
import { Progress } from './progress';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** show progress on stderr (a terminal) */
  tty?: boolean;
}

const defaultIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  tty: Boolean(process.stderr.isTTY),
};

function allCommands(): Record<string, Command> {
  return { ...modelCommands, ...builtins };
}

export function usage(): string {
  const lines = Object.entries(allCommands()).map(([name, c]) => `  ${name.padEnd(12)} ${c.help}`);
  return [
    'usage: actionlake <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'options: --lake DIR | --s3 s3://BUCKET/PREFIX (default: S3_BUCKET/S3_PREFIX, else LAKE_DIR, else ./data/lake)',
    '         --site S (one site), --from/--to YYYY-MM-DD, --json',
    '',
  ].join('\n');
}

/** The sites with raw events or tables; --site must be one of them. */
async function resolveSites(lake: Lake, site: string | undefined): Promise<string[]> {
  const found = new Set<string>();
  for (const f of await lake.folders('events/')) if (f.startsWith('site_id=')) found.add(f.slice(8));
  for (const f of await lake.folders('tables/events/')) if (f.startsWith('site_id=')) found.add(f.slice(8));
  if (site === undefined) return [...found].sort();
  if (!found.has(site)) {
    const known = [...found].sort().join(', ') || 'none';
    throw new UserError(`unknown site "${site}": the lake ${lake.describe} has no events for it (sites: ${known})`);
  }
  return [site];
}

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let work: string | null = null;
  let duck: Duck | null = null;
  const progress = new Progress(io.stderr, Boolean(io.tty) && !io.env.CI);
  try {
    const { command, args, flags } = parse(argv);
    if (flags.help || command === undefined || command === 'help') {
      io.stdout(usage());
      return command === undefined && !flags.help ? 2 : 0;
    }
    const cmd = allCommands()[command];
    if (!cmd) throw new UserError(`unknown command "${command}" (see actionlake --help)`, 2);
    const lake = findLake({ lake: flags.lake as string | undefined, s3: flags.s3 as string | undefined }, io.env);
    await lake.check();
    const sites = await resolveSites(lake, flags.site as string | undefined);
    work = await fs.promises.mkdtemp(path.join(io.env.ACTIONLAKE_TMP_DIR || os.tmpdir(), 'actionlake-'));
    duck = await Duck.open({ tempDir: work }, io.env);
    const ctx: Context = {
      lake, duck, sites, work, progress, args, flags, env: io.env,
      from: flags.from as string | undefined,
      to: flags.to as string | undefined,
      print: (text) => {
        progress.clear();
        io.stdout(text.endsWith('\n') ? text : text + '\n');
      },
    };
    const code = await cmd.run(ctx);
    progress.clear();
    return code ?? 0;
  } catch (err) {
    progress.clear();
    if (err instanceof UserError) {
      io.stderr(`actionlake: ${err.message}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    io.stderr(`actionlake: ${e?.message ?? String(err)}\n`);
    if (io.env.ACTIONLAKE_DEBUG && e?.stack) io.stderr(e.stack + '\n');
    return 1;
  } finally {
    duck?.close();
    if (work) await fs.promises.rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
}
