/**
 * Real collectors writing into a real lake (local folder or S3), and the actionlake CLI run
 * in-process on it.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, defaultConfig, LocalFolderSink, type Collector, type LakeSink } from '../../../collector/src/app';
import { run } from '../../src/cli/run';

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `actionlake-analyst-${name}-`));
}

export const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

export interface TestCollector {
  collector: Collector;
  /**
   * POSTs one batch; the server clock (received_at, hence the lake day) is `at`, the page's
   * `sent_at` is `sentAt` (a retry resends the body of the first attempt)
   */
  send(events: Record<string, unknown>[], at: string, headers?: Record<string, string>, sentAt?: string): Promise<void>;
  /** POSTs events the collector refuses (each becomes a bad row), at the current server clock */
  sendRejected(events: Record<string, unknown>[]): Promise<void>;
  /** writes the spool into the lake */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A collector (its own spool, id `collectorId`) writing into `sink` or the local lake `lakeDir`. */
export async function startCollector(root: string, collectorId: string, sink: LakeSink | string): Promise<TestCollector> {
  let clock = new Date();
  const spoolDir = path.join(root, `spool-${collectorId}`);
  const collector = await createApp({
    config: defaultConfig({ spoolDir, lakeDir: typeof sink === 'string' ? sink : path.join(root, 'unused'), collectorId, flushIntervalMs: 3_600_000 }),
    sink: typeof sink === 'string' ? new LocalFolderSink(sink) : sink,
    now: () => clock,
  });
  await collector.listen(0, '127.0.0.1');
  return {
    collector,
    async send(events, at, headers = {}, sentAt = at) {
      clock = new Date(at);
      const res = await fetch(`${collector.url()}/v1/batch`, {
        method: 'POST',
        // as a browser sends it: Node's own user agent ("node") is a bot's, and bots stay out of the models
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
        body: JSON.stringify({ sent_at: sentAt, events }),
      });
      const body = (await res.json()) as { accepted: number; errors: unknown[] };
      if (res.status !== 200 || body.accepted !== events.length) throw new Error(`batch not accepted: ${res.status} ${JSON.stringify(body)}`);
    },
    async sendRejected(events) {
      const res = await fetch(`${collector.url()}/v1/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      const body = (await res.json()) as { rejected: number };
      if (res.status !== 200 || body.rejected !== events.length) throw new Error(`expected every event refused: ${res.status} ${JSON.stringify(body)}`);
    },
    flush: () => collector.flush(),
    close: () => collector.close(),
  };
}

/** A page event as the SDK sends it (a page view by default), happening at `at`. */
export function event(at: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: randomUUID(),
    site_id: 'shop',
    action: 'Page viewed',
    action_type: 'pageview',
    triggered_at: at,
    anonymous_id: 'anon-1',
    session_id: 'sess-1',
    page: { url: 'https://shop.example/products', path: '/products', title: 'Products', referrer: '' },
    ...overrides,
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `actionlake ...args` in this process. */
export async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: { PATH: process.env.PATH, ACTIONLAKE_THREADS: '2', ...env },
  });
  return { code, stdout, stderr };
}

/** Rows of `actionlake query --json`. */
export async function query<T = Record<string, unknown>>(lakeArgs: string[], sql: string, env: Record<string, string> = {}): Promise<T[]> {
  const r = await cli(['query', ...lakeArgs, '--json', sql], env);
  if (r.code !== 0) throw new Error(`query failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T[];
}

/** Every file under `dir` (relative path → mtime), dot-files included. */
export function snapshot(dir: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, f);
    const st = fs.statSync(full);
    if (st.isFile()) out[f.split(path.sep).join('/')] = st.mtimeMs;
  }
  return out;
}
