"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.suppressedKey = suppressedKey;
exports.hashId = hashId;
exports.decodeSuppressed = decodeSuppressed;
exports.encodeSuppressed = encodeSuppressed;
/**
 * The suppression list of a site (contract §8): `config/site_id=<site>/suppressed.json`, written by
 * `actionlake erase`, read by the collector. It holds the SHA-256 (lower-case hex of the UTF-8 id)
 * of every anonymous_id and user_id whose events must not be stored again:
 *
 *   { "version": 1, "updated_at": "2026-11-28T19:00:00.000Z", "hashes": ["9f86d081…", …] }
 */
const node_crypto_1 = __importDefault(require("node:crypto"));
function suppressedKey(site) {
    return `config/site_id=${site}/suppressed.json`;
}
function hashId(id) {
    return node_crypto_1.default.createHash('sha256').update(id, 'utf8').digest('hex');
}
const HEX64 = /^[0-9a-f]{64}$/;
/** The hashes of a stored list; throws with the reason when the object is not one. */
function decodeSuppressed(key, body) {
    let v;
    try {
        v = JSON.parse(body.toString('utf8'));
    }
    catch (err) {
        throw new Error(`${key} is not valid JSON: ${err.message}`);
    }
    const hashes = v?.hashes;
    if (!Array.isArray(hashes))
        throw new Error(`${key} is not a suppression list ({"hashes": [SHA-256 hex, ...]})`);
    const bad = hashes.findIndex((h) => typeof h !== 'string' || !HEX64.test(h));
    if (bad >= 0)
        throw new Error(`${key}: hashes[${bad}] is not a lower-case SHA-256 hex string`);
    return new Set(hashes);
}
function encodeSuppressed(hashes, now = new Date()) {
    return Buffer.from(JSON.stringify({ version: 1, updated_at: now.toISOString(), hashes: [...new Set(hashes)].sort() }));
}
