/** The real collector process (dist/server.js) on a free port, for tests of what only the process does (WORKERS). */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './harness';

const SERVER = path.resolve(__dirname, '../../dist/server.js');

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** everything it printed so far */
  output(): string;
  /** SIGTERM, then its exit code */
  stop(): Promise<number | null>;
}

/** Starts dist/server.js over `root` (lake/, spool/) and waits until its `workers` workers listen. */
export async function startServerProcess(root: string, workers: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, [SERVER], {
    env: {
      ...process.env, WORKERS: String(workers), PORT: String(port), HOST: '127.0.0.1', GEOIP: '0', DEMO_DIR: '', LOG_LEVEL: 'info',
      LAKE_DIR: path.join(root, 'lake'), SPOOL_DIR: path.join(root, 'spool'), FLUSH_INTERVAL_MS: '600000', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  await waitFor(() => (out.match(/collector listening/g) ?? []).length, (n) => n >= workers || proc.exitCode !== null, 60_000);
  if (proc.exitCode !== null) throw new Error(`the collector did not start:\n${out}`);
  return {
    proc,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}
