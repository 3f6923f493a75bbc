/**
 * `actionlake serve`, put together: the locked reader (./reader.ts) over the lake's tables
 * (./tables.ts: in place for a local lake, a local copy for S3), the built web app
 * (./static.ts), the HTTP server (./server.ts) listening on host:port. Its limits come from the
 * environment (each named, with its default, in SERVE_LIMITS). Returns where it listens and how
 * to stop it.
 */
import path from 'node:path';
import type { Context } from '../ground/context';
import { envNumber } from '../ground/env';
import { Reader } from './reader';
import { createDashboard } from './server';
import { WebApp } from './static';
import { Tables } from './tables';

/** Each limit: its environment variable, default and least value. */
export const SERVE_LIMITS = {
  queryMs: ['ACTIONLAKE_SERVE_QUERY_MS', 5_000, 10],
  maxRows: ['ACTIONLAKE_SERVE_MAX_ROWS', 10_000, 100],
  downloadRows: ['ACTIONLAKE_SERVE_DOWNLOAD_ROWS', 1_000_000, 1],
  downloadMs: ['ACTIONLAKE_SERVE_DOWNLOAD_MS', 60_000, 10],
  maxDays: ['ACTIONLAKE_SERVE_MAX_DAYS', 1_096, 1],
  refreshS: ['ACTIONLAKE_SERVE_REFRESH_S', 60, 0],
  connections: ['ACTIONLAKE_SERVE_CONNECTIONS', 4, 1],
} as const;

/** DuckDB's memory for the dashboard unless ACTIONLAKE_MEMORY_LIMIT says otherwise: serve stays under 500 MB */
export const SERVE_MEMORY_LIMIT = '256MB';

/** the built web app: dist/web of this package (from src/serve or dist/serve alike) */
export const WEB_DIR = path.resolve(__dirname, '../../dist/web');

export interface ServeOptions {
  host: string;
  port: number;
  token: string;
  /** COLLECTOR_URL / COLLECTOR_TOKEN: the live view */
  collectorUrl?: string;
  collectorToken?: string;
  webDir?: string;
}

export interface Dashboard {
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(ctx: Context, o: ServeOptions): Promise<Dashboard> {
  const limit = (k: keyof typeof SERVE_LIMITS) => envNumber(ctx.env, SERVE_LIMITS[k][0], SERVE_LIMITS[k][1], SERVE_LIMITS[k][2]);
  const app = WebApp.load(o.webDir ?? WEB_DIR);
  const root = Tables.rootOf(ctx.lake, ctx.work);
  const reader = await Reader.open({
    tablesDir: path.join(root, 'tables') + path.sep,
    tempDir: path.join(ctx.work, 'duckdb-spill'),
    memoryLimit: ctx.env.ACTIONLAKE_MEMORY_LIMIT || SERVE_MEMORY_LIMIT,
    threads: Number(ctx.env.ACTIONLAKE_THREADS) || 2,
    connections: limit('connections'),
    timeoutMs: limit('queryMs'),
    maxRows: limit('maxRows'),
  });
  const site = typeof ctx.flags.site === 'string' ? ctx.flags.site : undefined;
  const tables = new Tables(ctx.lake, reader, root, site, limit('refreshS') * 1000);
  await tables.get(); // the first listing (and an S3 lake's copy) before the first request
  const server = createDashboard({
    reader, tables, app, token: o.token,
    live: o.collectorUrl ? { collectorUrl: o.collectorUrl, token: o.collectorToken || o.token } : null,
    limits: { maxDays: limit('maxDays'), downloadRows: limit('downloadRows'), downloadMs: limit('downloadMs') },
    log: (line) => process.stderr.write(line + '\n'),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      reader.close();
    },
  };
}
