/**
 * The dashboard's HTTP server (plain node:http: a handful of GET routes), top-down:
 *
 *   GET /, /overview, …, /assets/*      the web app (./static.ts), no token needed: it holds no data
 *   GET /api/*                          the token first (401 + WWW-Authenticate: the app shows its login), then
 *     /api/meta                         sites, days, tables (./api/meta.ts)
 *     /api/live                         the collector's live view passed through (./live.ts)
 *     /api/segments/download            a segment as a file (./api/segment-downloads.ts)
 *     /api/<view>                       a view's figures as JSON (./api/index.ts): query checked
 *                                       (./params.ts), tables listed (./tables.ts), SQL on the
 *                                       locked reader (./reader.ts)
 *
 * Errors are JSON `{"error": "..."}`: 400 a bad parameter, 401 a wrong token, 404 an unknown site or
 * path, 409 a table not built yet, 413 an answer over the row limit, 422 a segment predicate that is
 * refused, fails or runs too long, 503 a view's query that ran too long. Every answer carries a
 * strict Content-Security-Policy (the app's own scripts and styles only), no-referrer and nosniff;
 * /api answers are `no-store` and gzip-compressed when the browser takes it.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import { ENDPOINTS } from './api/index';
import { meta } from './api/meta';
import { SEGMENT_DOWNLOADS } from './api/segment-downloads';
import { checkedWhere } from './api/segments';
import type { ApiContext, Endpoint } from './api/endpoint';
import { tokenChecker } from './auth';
import { proxyLive, type LiveOptions } from './live';
import { BadRequest, parseQuery, type ParamSpec } from './params';
import { MAX_PREDICATE_CHARS, PredicateError } from './predicate';
import { QueryError, type Reader } from './reader';
import type { WebApp } from './static';
import type { Tables } from './tables';

export interface ServeLimits {
  /** ACTIONLAKE_SERVE_MAX_DAYS: the longest date range */
  maxDays: number;
  /** ACTIONLAKE_SERVE_DOWNLOAD_ROWS / _MS: a download's rows and time */
  downloadRows: number;
  downloadMs: number;
}

export interface DashboardDeps {
  reader: Reader;
  tables: Tables;
  app: WebApp;
  token: string;
  /** the collector's live view, when COLLECTOR_URL is set */
  live: LiveOptions | null;
  limits: ServeLimits;
  /** a line about an unexpected error (stderr) */
  log: (line: string) => void;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const DOWNLOAD_PARAMS: Record<string, ParamSpec> = {
  where: { kind: 'text', max: MAX_PREDICATE_CHARS, required: true },
  format: { kind: 'choice', values: SEGMENT_DOWNLOADS.map((d) => d.format), default: 'csv' },
};

export function createDashboard(d: DashboardDeps): http.Server {
  const authorized = tokenChecker(d.token);
  const endpoints = new Map<string, Endpoint>(ENDPOINTS.map((e) => [`/api/${e.name}`, e]));

  async function api(req: IncomingMessage, res: ServerResponse, pathname: string, q: URLSearchParams): Promise<void> {
    if (!authorized(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="actionlake"');
      return json(req, res, 401, { error: 'wrong or missing editor token (Authorization: Bearer <ADMIN_TOKEN>)' });
    }
    const tables = await d.tables.get();
    if (pathname === '/api/meta') {
      if ([...q.keys()].some((k) => k !== 'site')) throw new BadRequest('/api/meta takes no parameter but site');
      return json(req, res, 200, await meta(d.reader, tables, { live: d.live !== null, limits: { ...d.limits, ...d.reader.limits() } }));
    }
    if (pathname === '/api/live') {
      if (!d.live) return json(req, res, 404, { error: 'the live view needs COLLECTOR_URL (where the collector is) when actionlake serve starts' });
      const site = q.get('site') ?? '';
      if ([...q.keys()].some((k) => k !== 'site') || !tables.sites.includes(site)) throw new BadRequest(`/api/live takes site, one of ${tables.sites.join(', ')}`);
      return proxyLive(req, res, site, d.live);
    }
    const download = pathname === '/api/segments/download';
    const endpoint = download ? null : endpoints.get(pathname);
    if (!download && !endpoint) return json(req, res, 404, { error: `no such view: ${pathname.slice(0, 100)} (views: ${[...endpoints.keys()].join(', ')})` });
    const needs = endpoint?.tables ?? ['profiles', 'sessions'];
    const missing = needs.filter((t) => !tables.names.has(t));
    if (missing.length) return json(req, res, 409, { error: `the lake has no ${missing.join(', ')} table yet: run actionlake build` });
    const parsed = parseQuery(q, { sites: tables.sites, specs: endpoint?.params ?? DOWNLOAD_PARAMS, maxDays: d.limits.maxDays });
    const ctx: ApiContext = { ...parsed, reader: d.reader, tables };
    if (endpoint) return json(req, res, 200, await endpoint.run(ctx));
    const format = SEGMENT_DOWNLOADS.find((f) => f.format === parsed.values.format)!;
    const where = await checkedWhere(ctx);
    await downloadFile(res, ctx, where, format);
  }

  async function downloadFile(res: ServerResponse, ctx: ApiContext, where: string, format: (typeof SEGMENT_DOWNLOADS)[number]): Promise<void> {
    const name = `segment-${ctx.site}-${ctx.range.from}-${ctx.range.to}.${format.extension}`;
    let started = false;
    const write = async (text: string) => {
      if (!started) {
        started = true;
        res.writeHead(200, { 'Content-Type': format.contentType, 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
      }
      if (!res.write(text)) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
      if (res.destroyed) throw new Error('the download was cancelled');
    };
    try {
      await format.write(ctx, where, write, { maxRows: d.limits.downloadRows, timeoutMs: d.limits.downloadMs });
    } catch (err) {
      if (started) return void res.destroy(); // a cut file must not look whole
      throw err;
    }
    res.end();
  }

  return http.createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://dashboard');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return json(req, res, 405, { error: `${req.method} is not allowed: the dashboard only reads` });
    }
    if (!url.pathname.startsWith('/api/')) {
      if (d.app.serve(req, res, url.pathname, url.searchParams)) return;
      return json(req, res, 404, { error: 'not found' });
    }
    res.setHeader('Cache-Control', 'no-store');
    api(req, res, url.pathname, url.searchParams).catch((err) => {
      const [status, message] = statusOf(err);
      if (status >= 500 && status !== 503) d.log(`actionlake serve: ${req.method} ${url.pathname}: ${(err as Error)?.stack ?? err}`);
      if (res.headersSent) return void res.destroy();
      json(req, res, status, { error: message });
    });
  });
}

function statusOf(err: unknown): [number, string] {
  if (err instanceof BadRequest) return [err.status, err.message];
  if (err instanceof PredicateError) return [422, err.message];
  if (err instanceof QueryError) {
    if (err.kind === 'timeout') return [503, err.message];
    if (err.kind === 'rows') return [413, err.message];
    if (err.kind === 'refused') return [422, err.message];
  }
  return [500, `internal error: ${(err as Error)?.message ?? err}`];
}

function json(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  let data = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  if (data.length > 1024 && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    data = zlib.gzipSync(data, { level: 6 });
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Content-Length', String(data.length));
  res.end(req.method === 'HEAD' ? undefined : data);
}
