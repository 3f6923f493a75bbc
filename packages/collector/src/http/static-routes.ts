/**
 * The browser bundles (/sdk.js and /sdk-fields.js, which sdk.js loads when a site's definitions map
 * fields, from SDK_DIR; /recorder.js from RECORDER_DIR) and the optional demo
 * shop under /demo/.
 *
 * Bundles are served as the build compressed them (`sdk.js.br`, `sdk.js.gz` beside `sdk.js`, see
 * rollup.config.mjs), picked by Accept-Encoding (`Vary: Accept-Encoding`), with an ETag per
 * encoding (`If-None-Match` → 304). `Cache-Control: public, max-age=300, stale-while-revalidate`
 * lets browsers and CDNs keep a copy, while a new release reaches visitors within about five
 * minutes (a stale copy is used at most once more, while it is revalidated).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Router } from 'express';

export const BUNDLE_MAX_AGE_S = 300;
export const BUNDLE_STALE_S = 3600;
export const BUNDLE_CACHE_CONTROL = `public, max-age=${BUNDLE_MAX_AGE_S}, stale-while-revalidate=${BUNDLE_STALE_S}`;

type Encoding = 'br' | 'gzip' | 'identity';
interface Variant { body: Buffer; etag: string }
interface Loaded { mtimeMs: number; variants: Partial<Record<Encoding, Variant>> }

/** The bundle and its precompressed copies, read again when the bundle file changes. */
function bundleLoader(file: string): () => Loaded | null {
  let cached: Loaded | null = null;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      return null; // not built
    }
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const identity = fs.readFileSync(file);
    const hash = crypto.createHash('sha256').update(identity).digest('base64url').slice(0, 22);
    const variants: Loaded['variants'] = { identity: { body: identity, etag: `"${hash}"` } };
    for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
      try {
        const st = fs.statSync(file + ext);
        if (st.mtimeMs >= mtimeMs) variants[enc] = { body: fs.readFileSync(file + ext), etag: `"${hash}-${enc}"` };
      } catch {
        // this encoding was not built: served uncompressed or in the other one
      }
    }
    return (cached = { mtimeMs, variants });
  };
}

/** The best encoding the client accepts among those built (br, then gzip, then none). */
export function pickEncoding(acceptEncoding: string | undefined, built: Partial<Record<Encoding, unknown>>): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    if (name) accepted.set(name, q ? Number(q[1]) : 1);
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (built.br && ok('br')) return 'br';
  if (built.gzip && ok('gzip')) return 'gzip';
  return 'identity';
}

const etagMatches = (req: Request, etag: string): boolean =>
  (req.headers['if-none-match'] || '').split(',').some((t) => t.trim().replace(/^W\//, '') === etag);

export function staticRouter(d: { sdkDir: string; recorderDir: string; demoDir: string | null }): Router {
  const router = express.Router();
  const bundles: [string, string][] = [
    ['sdk.js', d.sdkDir],
    ['sdk-fields.js', d.sdkDir],
    ['recorder.js', d.recorderDir],
  ];

  for (const [bundle, dir] of bundles) {
    const load = bundleLoader(path.join(dir, bundle));
    router.get(`/${bundle}`, (req, res, next) => {
      const loaded = load();
      if (!loaded) return next(); // a bundle that was not built falls through to the JSON 404
      const enc = pickEncoding(req.headers['accept-encoding'], loaded.variants);
      const v = loaded.variants[enc]!;
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cache-Control', BUNDLE_CACHE_CONTROL);
      res.setHeader('Vary', 'Accept-Encoding');
      res.setHeader('ETag', v.etag);
      res.type('application/javascript');
      if (etagMatches(req, v.etag)) return void res.status(304).end();
      if (enc !== 'identity') res.setHeader('Content-Encoding', enc);
      res.setHeader('Content-Length', String(v.body.length));
      res.end(req.method === 'HEAD' ? undefined : v.body);
    });
  }

  if (d.demoDir && fs.existsSync(d.demoDir)) {
    router.get('/', (_req, res) => res.redirect(302, '/demo/'));
    router.use('/demo', express.static(d.demoDir));
  }
  return router;
}
