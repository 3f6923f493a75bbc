"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.UaCache = void 0;
exports.parseUa = parseUa;
const lru_1 = require("./lru");
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
/** parseUa for the last `size` user agents seen (0 disables caching). */
class UaCache extends lru_1.Lru {
    constructor(size) {
        super(size, parseUa);
    }
}
exports.UaCache = UaCache;
