import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForOk } from './ports';

const SERVER = path.resolve(__dirname, '../../../packages/collector/dist/server.js');

export interface RunningCollector {
  url: string;
  port: number;
  env: Record<string, string>;
  proc: ChildProcess;
  output: () => string;
  /** Sends `signal` and resolves once the process has exited. */
  kill: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** A temp folder for one test's lake and spool. */
export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `actionlake-${name}-`));
}

/** Starts the real collector (`node packages/collector/dist/server.js`) on a free port. */
export async function startCollector(env: Record<string, string>): Promise<RunningCollector> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const fullEnv: Record<string, string> = {
    LOG_LEVEL: 'warn',
    FLUSH_INTERVAL_MS: '500',
    // one process (its spool and COLLECTOR_ID as given); WORKERS > 1 is tested in the collector's jest suite
    WORKERS: '1',
    ...env,
    PORT: String(port),
  };
  const proc = spawn(process.execPath, [SERVER], {
    env: { ...process.env, ...fullEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/healthz`);
  } catch (err) {
    proc.kill('SIGKILL');
    throw new Error(`${String(err)}\ncollector output:\n${out}`);
  }
  return {
    url,
    port,
    env: fullEnv,
    proc,
    output: () => out,
    kill: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
