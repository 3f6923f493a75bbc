/** Starts a real collector (createApp + listen on port 0) over temp folders, and reads its lake. */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createApp, defaultConfig, LocalFolderSink, type Collector, type Config, type LakeSink } from '../../src/app';
import type { AppDeps } from '../../src/app';

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
    stop: async () => {
      await collector.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

export function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    site_id: 'shop',
    action: 'Page viewed',
    action_type: 'pageview',
    triggered_at: new Date().toISOString(),
    anonymous_id: 'anon-1',
    session_id: 'sess-1',
    page: { url: 'https://shop.example/products', path: '/products', title: 'Products', referrer: '' },
    ...overrides,
  };
}

export function batch(events: unknown[], sentAt = new Date().toISOString()) {
  return { sent_at: sentAt, events };
}

/** Every row of every object under `prefix` (events/ or bad/) of a local-folder lake, with its key. */
export function lakeRows(lakeDir: string, prefix: 'events/' | 'bad/'): { key: string; row: any }[] {
  if (!fs.existsSync(lakeDir)) return [];
  const out: { key: string; row: any }[] = [];
  for (const f of fs.readdirSync(lakeDir, { recursive: true }) as string[]) {
    const key = f.split(path.sep).join('/');
    if (!key.startsWith(prefix) || !key.endsWith('.ndjson.gz')) continue;
    const text = zlib.gunzipSync(fs.readFileSync(path.join(lakeDir, f))).toString('utf8');
    for (const line of text.split('\n')) if (line) out.push({ key, row: JSON.parse(line) });
  }
  return out;
}

export async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line ? Number(line.split(' ').pop()) : 0;
}

export async function waitFor<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
