"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.methodNotAllowed = methodNotAllowed;
const SITE = '[a-z0-9][a-z0-9_-]{0,63}';
const KNOWN = [
    [/^\/v1\/batch\/?$/i, 'POST, OPTIONS'],
    [/^\/(healthz|readyz|metrics|sdk\.js|recorder\.js)\/?$/i, 'GET, HEAD'],
    [new RegExp(`^/v1/sites/${SITE}/actions/?$`, 'i'), 'GET, HEAD, OPTIONS'],
    [new RegExp(`^/v1/sites/${SITE}/actions/[^/]+/?$`, 'i'), 'PUT, DELETE, OPTIONS'],
    [new RegExp(`^/v1/sites/${SITE}/editor/?$`, 'i'), 'GET, HEAD, OPTIONS'],
    [new RegExp(`^/v1/sites/${SITE}/live/?$`, 'i'), 'GET, HEAD'],
];
function methodNotAllowed(req, res, next) {
    const allow = KNOWN.find(([re]) => re.test(req.path))?.[1];
    if (!allow || allow.split(', ').includes(req.method))
        return next();
    res.setHeader('Allow', allow);
    res.status(405).json({ error: `${req.method} is not allowed on ${req.path.slice(0, 200)}; allowed: ${allow}` });
}
