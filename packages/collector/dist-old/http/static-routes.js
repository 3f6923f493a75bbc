"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.BUNDLE_CACHE_CONTROL = exports.BUNDLE_STALE_S = exports.BUNDLE_MAX_AGE_S = void 0;
exports.pickEncoding = pickEncoding;
exports.staticRouter = staticRouter;
/**
 * The browser bundles (/sdk.js from SDK_DIR, /recorder.js from RECORDER_DIR) and the optional demo
 * shop under /demo/.
 *
 * Bundles are served as the build compressed them (`sdk.js.br`, `sdk.js.gz` beside `sdk.js`, see
 * rollup.config.mjs), picked by Accept-Encoding (`Vary: Accept-Encoding`), with an ETag per
 * encoding (`If-None-Match` → 304). `Cache-Control: public, max-age=300, stale-while-revalidate`
 * lets browsers and CDNs keep a copy, while a new release reaches visitors within about five
 * minutes (a stale copy is used at most once more, while it is revalidated).
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
const node_fs_1 = __importDefault(require("node:fs"));
const node_path_1 = __importDefault(require("node:path"));
const express_1 = __importDefault(require("express"));
exports.BUNDLE_MAX_AGE_S = 300;
exports.BUNDLE_STALE_S = 3600;
exports.BUNDLE_CACHE_CONTROL = `public, max-age=${exports.BUNDLE_MAX_AGE_S}, stale-while-revalidate=${exports.BUNDLE_STALE_S}`;
/** The bundle and its precompressed copies, read again when the bundle file changes. */
function bundleLoader(file) {
    let cached = null;
    return () => {
        let mtimeMs;
        try {
            mtimeMs = node_fs_1.default.statSync(file).mtimeMs;
        }
        catch {
            return null; // not built
        }
        if (cached && cached.mtimeMs === mtimeMs)
            return cached;
        const identity = node_fs_1.default.readFileSync(file);
        const hash = node_crypto_1.default.createHash('sha256').update(identity).digest('base64url').slice(0, 22);
        const variants = { identity: { body: identity, etag: `"${hash}"` } };
        for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
            try {
                const st = node_fs_1.default.statSync(file + ext);
                if (st.mtimeMs >= mtimeMs)
                    variants[enc] = { body: node_fs_1.default.readFileSync(file + ext), etag: `"${hash}-${enc}"` };
            }
            catch {
                // this encoding was not built: served uncompressed or in the other one
            }
        }
        return (cached = { mtimeMs, variants });
    };
}
/** The best encoding the client accepts among those built (br, then gzip, then none). */
function pickEncoding(acceptEncoding, built) {
    const accepted = new Map();
    for (const part of (acceptEncoding || '').split(',')) {
        const [name, ...params] = part.trim().toLowerCase().split(';');
        const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
        if (name)
            accepted.set(name, q ? Number(q[1]) : 1);
    }
    const ok = (e) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
    if (built.br && ok('br'))
        return 'br';
    if (built.gzip && ok('gzip'))
        return 'gzip';
    return 'identity';
}
const etagMatches = (req, etag) => (req.headers['if-none-match'] || '').split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
function staticRouter(d) {
    const router = express_1.default.Router();
    const bundles = [
        ['sdk.js', d.sdkDir],
        ['recorder.js', d.recorderDir],
    ];
    for (const [bundle, dir] of bundles) {
        const load = bundleLoader(node_path_1.default.join(dir, bundle));
        router.get(`/${bundle}`, (req, res, next) => {
            const loaded = load();
            if (!loaded)
                return next(); // a bundle that was not built falls through to the JSON 404
            const enc = pickEncoding(req.headers['accept-encoding'], loaded.variants);
            const v = loaded.variants[enc];
            res.setHeader('Access-Control-Allow-Origin', '*');
            res.setHeader('Cache-Control', exports.BUNDLE_CACHE_CONTROL);
            res.setHeader('Vary', 'Accept-Encoding');
            res.setHeader('ETag', v.etag);
            res.type('application/javascript');
            if (etagMatches(req, v.etag))
                return void res.status(304).end();
            if (enc !== 'identity')
                res.setHeader('Content-Encoding', enc);
            res.setHeader('Content-Length', String(v.body.length));
            res.end(req.method === 'HEAD' ? undefined : v.body);
        });
    }
    if (d.demoDir && node_fs_1.default.existsSync(d.demoDir)) {
        router.get('/', (_req, res) => res.redirect(302, '/demo/'));
        router.use('/demo', express_1.default.static(d.demoDir));
    }
    return router;
}
