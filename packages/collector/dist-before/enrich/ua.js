"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UaCache = void 0;
exports.parseUa = parseUa;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UAParser } = require('ua-parser-js');
const n = (v) => v ?? null;
function parseUa(raw) {
    if (!raw) {
        return { raw: null, browser: { name: null, version: null }, os: { name: null, version: null }, device: { type: null, vendor: null, model: null }, engine: { name: null } };
    }
    const r = new UAParser(raw).getResult();
    return {
        raw,
        browser: { name: n(r.browser.name), version: n(r.browser.version) },
        os: { name: n(r.os.name), version: n(r.os.version) },
        device: { type: n(r.device.type), vendor: n(r.device.vendor), model: n(r.device.model) },
        engine: { name: n(r.engine.name) },
    };
}
/** parseUa with an LRU of at most `size` UA strings (0 disables caching). */
class UaCache {
    size;
    cache = new Map();
    constructor(size) {
        this.size = size;
    }
    get(raw) {
        if (!raw || this.size === 0)
            return parseUa(raw);
        const hit = this.cache.get(raw);
        if (hit) {
            this.cache.delete(raw);
            this.cache.set(raw, hit);
            return hit;
        }
        const info = parseUa(raw);
        this.cache.set(raw, info);
        if (this.cache.size > this.size)
            this.cache.delete(this.cache.keys().next().value);
        return info;
    }
    get entries() {
        return this.cache.size;
    }
}
exports.UaCache = UaCache;
