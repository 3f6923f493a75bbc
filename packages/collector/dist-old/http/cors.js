"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.EDIT_HEADERS = exports.EDIT_METHODS = exports.PREFLIGHT_MAX_AGE_S = void 0;
exports.originAllowed = originAllowed;
exports.ingestCors = ingestCors;
exports.editCors = editCors;
exports.publicReadCors = publicReadCors;
exports.PREFLIGHT_MAX_AGE_S = 86_400;
exports.EDIT_METHODS = 'GET, PUT, DELETE';
exports.EDIT_HEADERS = 'Authorization, Content-Type, If-Match, If-None-Match';
function originAllowed(allowed, origin) {
    return !!origin && (allowed === '*' || allowed.includes(origin));
}
function ingestCors(allowed) {
    return (req, res, next) => {
        const origin = req.headers.origin;
        if (allowed === '*') {
            res.setHeader('Access-Control-Allow-Origin', '*');
        }
        else {
            res.vary('Origin');
            if (originAllowed(allowed, origin))
                res.setHeader('Access-Control-Allow-Origin', origin);
        }
        // so that pages can read how long to wait on 429 and 503
        res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
        if (req.method === 'OPTIONS') {
            res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
            res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
            res.setHeader('Access-Control-Max-Age', String(exports.PREFLIGHT_MAX_AGE_S));
            res.status(204).end();
            return;
        }
        next();
    };
}
/** The action routes: preflights (204) and the CORS headers of edits and the token check. */
function editCors(allowed) {
    return (req, res, next) => {
        const origin = req.headers.origin;
        res.vary('Origin');
        if (originAllowed(allowed, origin)) {
            res.setHeader('Access-Control-Allow-Origin', origin);
            res.setHeader('Access-Control-Expose-Headers', 'ETag');
            if (req.method === 'OPTIONS') {
                res.setHeader('Access-Control-Allow-Methods', exports.EDIT_METHODS);
                res.setHeader('Access-Control-Allow-Headers', exports.EDIT_HEADERS);
                res.setHeader('Access-Control-Max-Age', String(exports.PREFLIGHT_MAX_AGE_S));
            }
        }
        if (req.method === 'OPTIONS')
            return void res.status(204).end();
        next();
    };
}
/** Public reads (the definitions every page fetches): any origin, ETag readable. */
function publicReadCors(_req, res, next) {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'ETag');
    next();
}
