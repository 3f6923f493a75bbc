"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.WRONG_TOKEN = exports.EDITS_DISABLED = void 0;
exports.editorChecker = editorChecker;
exports.requireEditor = requireEditor;
/**
 * The editor token of the Action Recorder: `Authorization: Bearer <ADMIN_TOKEN>`. Compared as
 * SHA-256 digests with timingSafeEqual, so neither the content nor the length of the token leaks
 * through response times. The token is never logged.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
exports.EDITS_DISABLED = 'action edits are disabled: start the collector with ADMIN_TOKEN=<secret> to enable the Action Recorder';
exports.WRONG_TOKEN = 'wrong editor token';
const digest = (s) => node_crypto_1.default.createHash('sha256').update(s, 'utf8').digest();
function editorChecker(adminToken) {
    const expected = adminToken ? digest(adminToken) : null;
    return (authorization) => {
        if (!expected)
            return 'disabled';
        const m = /^Bearer[ \t]+(.+)$/i.exec(authorization ?? '');
        const given = digest(m ? m[1].trim() : '');
        return node_crypto_1.default.timingSafeEqual(given, expected) && m ? 'ok' : 'wrong';
    };
}
/** Express middleware: 403 when edits are disabled, 401 + WWW-Authenticate for a missing or wrong token. */
function requireEditor(adminToken) {
    const check = editorChecker(adminToken);
    return (req, res, next) => {
        const result = check(req.headers.authorization);
        if (result === 'ok')
            return next();
        res.setHeader('Cache-Control', 'no-store');
        if (result === 'disabled')
            return void res.status(403).json({ error: exports.EDITS_DISABLED });
        res.setHeader('WWW-Authenticate', 'Bearer realm="actionlake"');
        res.status(401).json({ error: exports.WRONG_TOKEN });
    };
}
