/** Starts a real collector (createApp + listen on port 0) over temp folders, and reads its lake. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, defaultConfig, LocalFolderSink, type Collector, type Config, type LakeSink } from '../../src/app';
import type { AppDeps } from '../../src/app';

export { batch, event, EVENTS_KEY, lakeRows, metricValue } from './fixtures';

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `actionlake-collector-${name}-`));
}

export interface Harness {
  collector: Collector;
  url: string;
  root: string;
  lakeDir: string;
  spoolDir: string;
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Stops the collector and keeps its folders (to start another one on them). */
  close(): Promise<void>;
  /** Stops the collector and deletes its folders. */
  stop(): Promise<void>;
}

export async function start(overrides: Partial<Config> = {}, deps: Partial<AppDeps> & { root?: string; sink?: LakeSink } = {}): Promise<Harness> {
  const root = deps.root ?? tempDir('app');
  const lakeDir = path.join(root, 'lake');
  const spoolDir = path.join(root, 'spool');
  const config = defaultConfig({ lakeDir, spoolDir, flushIntervalMs: 3_600_000, ...overrides });
  const collector = await createApp({ sink: new LocalFolderSink(lakeDir), ...deps, config });
  await collector.listen(0, '127.0.0.1');
  const url = collector.url();
  return {
    collector, url, root, lakeDir, spoolDir,
    post: (body, headers = {}) =>
      fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' || Buffer.isBuffer(body) ? (body as string) : JSON.stringify(body),
      }),
    close: () => collector.close(),
    stop: async () => {
      await collector.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
