"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.EMPTY_VERSION = void 0;
exports.actionsKey = actionsKey;
exports.emptyActions = emptyActions;
exports.nextVersion = nextVersion;
exports.encodeActions = encodeActions;
exports.decodeActions = decodeActions;
/**
 * The durable form of a site's action definitions: one JSON object per site in the lake store,
 * `config/site_id=<site>/actions.json`, replaced whole on every edit.
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
/** What a site with nothing stored has. */
exports.EMPTY_VERSION = '0';
function actionsKey(site) {
    return `config/site_id=${site}/actions.json`;
}
function emptyActions() {
    return { version: exports.EMPTY_VERSION, updated_at: null, actions: [] };
}
/** `<n+1>-<8 hex>`: the counter orders edits for a human, the random part makes it unique. */
function nextVersion(previous) {
    const n = Number.parseInt(previous.split('-')[0], 10);
    return `${Number.isFinite(n) && n >= 0 ? n + 1 : 1}-${node_crypto_1.default.randomBytes(4).toString('hex')}`;
}
function encodeActions(file) {
    return Buffer.from(JSON.stringify(file));
}
/** Throws when the object is not an actions file (then nothing should overwrite it blindly). */
function decodeActions(key, body) {
    let v;
    try {
        v = JSON.parse(body.toString('utf8'));
    }
    catch (err) {
        throw new Error(`${key} is not valid JSON: ${err.message}`);
    }
    const o = v;
    if (!o || typeof o !== 'object' || typeof o.version !== 'string' || !Array.isArray(o.actions)) {
        throw new Error(`${key} is not an actions file ({version, updated_at, actions})`);
    }
    return { version: o.version, updated_at: typeof o.updated_at === 'string' ? o.updated_at : null, actions: o.actions };
}
