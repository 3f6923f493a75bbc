"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Lru = void 0;
/**
 * `compute` remembered for the `size` keys used last (UA_CACHE_SIZE; 0 keeps none). A collector sees
 * the same user agents and addresses again and again: parsing, classifying or looking them up once
 * each is what keeps enrichment cheap. An empty key is computed every time and never kept.
 */
class Lru {
    size;
    compute;
    map = new Map();
    constructor(size, compute) {
        this.size = size;
        this.compute = compute;
    }
    get(key) {
        if (!key || this.size === 0)
            return this.compute(key);
        const hit = this.map.get(key);
        if (hit !== undefined) {
            this.map.delete(key); // most recently used last
            this.map.set(key, hit);
            return hit;
        }
        const value = this.compute(key);
        this.map.set(key, value);
        if (this.map.size > this.size)
            this.map.delete(this.map.keys().next().value);
        return value;
    }
    get entries() {
        return this.map.size;
    }
}
exports.Lru = Lru;
