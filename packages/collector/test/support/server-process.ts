/**
 * The real collector process (dist/server.js) on a free port, as `npm start` runs it: for what only
 * the process shows (WORKERS > 1, signals, restarts). Every request helper opens a new connection,
 * so the primary hands consecutive requests to the workers in turn.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { waitFor } from './harness';

export const SERVER = process.env.COLLECTOR_SERVER ?? path.resolve(__dirname, '../../dist/server.js');

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
  /** everything it printed (stdout and stderr) */
  output(): string;
  /** how many times a process said "collector listening" */
  listening(): number;
  /** the pids of the processes that said "collector listening", by worker index (the latest of each) */
  workerPids(): Map<number, number>;
  /** POST /v1/batch on a new connection */
  post(body: unknown): Promise<Response>;
  /** any request on a new connection */
  request(pathname: string, init?: RequestInit): Promise<Response>;
  /** SIGTERM, then the exit code */
  stop(): Promise<number | null>;
}

export const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', (code) => r(code))));

export async function startServer(root: string, workers: number, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, [SERVER], {
    env: { ...process.env, WORKERS: String(workers), PORT: String(port), HOST: '127.0.0.1', GEOIP: '0', DEMO_DIR: '', LOG_LEVEL: 'info', COLLECTOR_ID: 'multi', LAKE_DIR: path.join(root, 'lake'), SPOOL_DIR: path.join(root, 'spool'), FLUSH_INTERVAL_MS: '600000', RATE_LIMIT_RPS: '0', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const listening = () => (out.match(/collector listening/g) ?? []).length;
  const request = (pathname: string, init: RequestInit = {}) => fetch(url + pathname, { ...init, headers: { connection: 'close', ...(init.headers as Record<string, string>) } });
  const exit = exited(proc);
  await waitFor(listening, (n) => n >= workers || proc.exitCode !== null, 120_000);
  if (listening() < workers) throw new Error(`the collector did not start:\n${out}`);
  return {
    proc, url, listening, request,
    output: () => out,
    workerPids() {
      const pids = new Map<number, number>();
      for (const line of out.split('\n')) {
        if (!line.includes('collector listening')) continue;
        const l = JSON.parse(line) as { pid: number; worker?: number };
        pids.set(l.worker ?? 0, l.pid);
      }
      return pids;
    },
    post: (body) => request('/v1/batch', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) }),
    stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exit;
    },
  };
}

/** startServer under the name the sources' tests use. */
export const startServerProcess = startServer;

/** The value of one sample in a Prometheus text (`name` or `name{labels}`); 0 when absent. */
export function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line ? Number(line.split(' ').pop()) : 0;
}
