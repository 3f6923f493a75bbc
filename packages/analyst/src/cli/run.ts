/**
 * `actionlake <command>`: the door. Parses the command line (./args.ts) and picks the command
 * (src/commands), finds the lake, resolves the sites, opens DuckDB in a temp work folder, runs
 * the command and cleans up. Returns the exit code: 0 done, 1 a user error (one line on stderr, no
 * stack trace), 2 bad usage, 3 done but some input was skipped (reported on stderr).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMMANDS } from '../commands/index';
import type { Context } from '../ground/context';
import { Duck } from '../ground/duck/duck';
import { UserError } from '../ground/errors';
import { findLake } from '../ground/lake/find';
import { resolveSites } from '../ground/lake/sites';
import { Progress } from '../ground/progress';
import { SqlProject } from '../ground/sql/project';
import { parse } from './args';
import { commandUsage, usage } from './help';

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

export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let work: string | null = null;
  let duck: Duck | null = null;
  const progress = new Progress(io.stderr, Boolean(io.tty) && !io.env.CI, undefined, io.env.ACTIONLAKE_TRACE === '1');
  try {
    const { command, args, flags } = parse(argv, COMMANDS);
    if (!command) {
      io.stdout(usage(COMMANDS));
      return flags.help ? 0 : 2;
    }
    if (flags.help) {
      io.stdout(commandUsage(command));
      return 0;
    }
    const lake = findLake({ lake: flags.lake as string | undefined, s3: flags.s3 as string | undefined }, io.env);
    await lake.check();
    const sites = await resolveSites(lake, flags.site as string | undefined, command.createsSite);
    const sql = SqlProject.load(io.env.ACTIONLAKE_SQL_DIR || undefined);
    work = await fs.promises.mkdtemp(path.join(io.env.ACTIONLAKE_TMP_DIR || os.tmpdir(), 'actionlake-'));
    duck = await Duck.open({ tempDir: work }, io.env);
    const ctx: Context = {
      lake, duck, sql, sites, work, progress, args, flags, env: io.env,
      from: flags.from as string | undefined,
      to: flags.to as string | undefined,
      print: (text) => {
        progress.clear();
        io.stdout(text.endsWith('\n') ? text : text + '\n');
      },
    };
    const code = await command.run(ctx);
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
