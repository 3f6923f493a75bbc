/**
 * The web app as rollup built it (rollup.config.mjs → packages/analyst/dist/web: index.html,
 * app.js, app.css, each with a brotli `.br` and gzip `.gz` copy beside it), read once at start and
 * served from memory the way the collector serves sdk.js: the best encoding the browser accepts
 * (`Vary: Accept-Encoding`), an ETag per encoding (`If-None-Match` → 304). index.html names the
 * bundles with their content hash (its `{{app.js}}` becomes app.js's hash here, at load, and the
 * page is compressed then), so a bundle asked for by its current hash is `immutable` for a year and
 * index.html itself is revalidated on every visit (`no-cache`): a new build reaches the browser at
 * once, an unchanged one costs a 304. Nothing is fetched from a CDN.
 *
 * Paths: `/assets/<name>` for the files read at start (a fixed table: no request path ever reaches
 * the file system, so `..` or an encoded `%2e%2e` cannot leave the folder), index.html for `/` and
 * each view's path (the app reads the view from the URL). Anything else is a 404.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Encoding = 'br' | 'gzip' | 'identity';
interface Variant {
  body: Buffer;
  etag: string;
}
interface Asset {
  type: string;
  hash: string;
  variants: Partial<Record<Encoding, Variant>>;
}

/** the paths that show the app (one per view) */
export const VIEW_PATHS = ['/', '/overview', '/channels', '/funnel', '/products', '/person', '/segments', '/live'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The best encoding the client accepts among those built: br, then gzip, then none. */
export function pickEncoding(acceptEncoding: string | undefined, built: Partial<Record<Encoding, unknown>>): Encoding {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    if (name) q.set(name, weight ? Number(weight[1]) : 1);
  }
  const ok = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  if (built.br && ok('br')) return 'br';
  if (built.gzip && ok('gzip')) return 'gzip';
  return 'identity';
}

/** The asset with its hash (of the uncompressed body) and an ETag per encoding. */
function asset(name: string, variants: Asset['variants']): Asset {
  const hash = crypto.createHash('sha256').update(variants.identity!.body).digest('base64url').slice(0, 16);
  for (const [enc, v] of Object.entries(variants)) v.etag = enc === 'identity' ? `"${hash}"` : `"${hash}-${enc}"`;
  return { type: TYPES[path.extname(name)], hash, variants };
}

export class WebApp {
  private constructor(private readonly assets: Map<string, Asset>) {}

  /** Reads the built app; a clear error when it was not built. */
  static load(dir: string): WebApp {
    if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`the dashboard's web app is not built (no ${path.join(dir, 'index.html')}): run npm run build`);
    const assets = new Map<string, Asset>();
    const names = fs.readdirSync(dir).filter((n) => TYPES[path.extname(n)]); // the .br / .gz copies are read with their file
    for (const name of names.filter((n) => !n.endsWith('.html'))) {
      const variants: Asset['variants'] = { identity: { body: fs.readFileSync(path.join(dir, name)), etag: '' } };
      for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
        const file = path.join(dir, name + ext);
        if (fs.existsSync(file)) variants[enc] = { body: fs.readFileSync(file), etag: '' };
      }
      assets.set(name, asset(name, variants));
    }
    for (const name of names.filter((n) => n.endsWith('.html'))) {
      const html = fs.readFileSync(path.join(dir, name), 'utf8').replace(/\{\{([\w.-]+)\}\}/g, (_m, file: string) => assets.get(file)?.hash ?? 'missing');
      const body = Buffer.from(html);
      assets.set(name, asset(name, { identity: { body, etag: '' }, br: { body: zlib.brotliCompressSync(body), etag: '' }, gzip: { body: zlib.gzipSync(body, { level: 9 }), etag: '' } }));
    }
    return new WebApp(assets);
  }

  /** Answers a GET/HEAD for the app; false when the path is none of its. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string, search: URLSearchParams): boolean {
    let name: string;
    if (VIEW_PATHS.includes(pathname)) name = 'index.html';
    else if (pathname.startsWith('/assets/') && pathname !== '/assets/index.html') name = pathname.slice('/assets/'.length);
    else return false;
    const asset = this.assets.get(name);
    if (!asset) return false;
    const enc = pickEncoding(req.headers['accept-encoding'], asset.variants);
    const v = asset.variants[enc]!;
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', v.etag);
    res.setHeader('Cache-Control', name !== 'index.html' && search.get('v') === asset.hash ? IMMUTABLE : 'no-cache');
    const tags = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes(v.etag)) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    if (enc !== 'identity') res.setHeader('Content-Encoding', enc);
    res.setHeader('Content-Length', String(v.body.length));
    res.end(req.method === 'HEAD' ? undefined : v.body);
    return true;
  }
}
