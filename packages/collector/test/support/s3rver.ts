/**
 * s3rver, a real S3-protocol server, in its own process on a free port with one empty bucket.
 * Its own process because on Node 20 it needs NODE_OPTIONS=--openssl-legacy-provider, which the
 * test runner should not carry. Used by the collector's jest tests and by the Playwright suite.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface S3rverProcess {
  endpoint: string;
  stop: () => Promise<void>;
}

export async function startS3rver(directory: string, bucket: string): Promise<S3rverProcess> {
  const proc = spawn(process.execPath, [path.join(__dirname, 's3rver-child.cjs'), directory, bucket], {
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.stderr!.on('data', (d) => (out += d));
    proc.on('exit', (code) => reject(new Error(`s3rver exited ${code}: ${out}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
