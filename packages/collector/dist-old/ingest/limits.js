"use strict";
/**
 * The cheap checks run on an event BEFORE schema validation, so that no event costs more than
 * linear work whatever its shape: every array and object an event holds (down to the depth the
 * schema describes) has at most EVENT_MAX_ITEMS entries, every number is finite (`1e999` parses
 * as Infinity and would be written as `null`), and at most EVENT_MAX_ERRORS reasons are kept.
 * An event failing here is not schema-validated at all: its reasons are these.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_EVENT_LIMITS = void 0;
exports.keyPath = keyPath;
exports.quoteKey = quoteKey;
exports.checkLimits = checkLimits;
exports.capErrors = capErrors;
exports.DEFAULT_EVENT_LIMITS = { maxItems: 100, maxErrors: 20 };
/**
 * The deepest level the schema describes: event → products → product → traits → value. Anything
 * deeper is refused by the schema at its parent (a scalar was expected) without being looked into,
 * so it is not walked here either.
 */
const MAX_DEPTH = 4;
/** how much of an unexpected key a reason quotes */
const KEY_QUOTE = 64;
function keyPath(base, key) {
    if (typeof key === 'number' || /^\d+$/.test(key))
        return `${base}[${key}]`;
    if (/^[A-Za-z_$][\w$]*$/.test(key) && key.length <= KEY_QUOTE)
        return `${base}.${key}`;
    return `${base}[${JSON.stringify(quoteKey(key))}]`;
}
function quoteKey(key) {
    return key.length > KEY_QUOTE ? `${key.slice(0, KEY_QUOTE)}…` : key;
}
/** The reasons `value` breaks the limits (empty: go on to schema validation). Linear in its size. */
function checkLimits(value, label, limits = exports.DEFAULT_EVENT_LIMITS) {
    const errors = [];
    let more = 0;
    // the keys leading to the value being looked at; a path is spelled out only for a reason
    const keys = [];
    const where = () => keys.reduce((acc, k) => keyPath(acc, k), label);
    const report = (reason) => {
        if (errors.length < limits.maxErrors)
            errors.push(reason());
        else
            more++;
    };
    const visit = (v, depth) => {
        if (typeof v === 'number') {
            if (!Number.isFinite(v))
                report(() => `${where()} must be a finite number`);
            return;
        }
        if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH)
            return;
        if (Array.isArray(v)) {
            if (v.length > limits.maxItems)
                return report(() => `${where()} has ${v.length} items; the limit is ${limits.maxItems} (EVENT_MAX_ITEMS)`);
            for (let i = 0; i < v.length; i++) {
                const item = v[i];
                if (typeof item === 'string' || typeof item === 'boolean')
                    continue;
                keys.push(i);
                visit(item, depth + 1);
                keys.pop();
            }
            return;
        }
        let n = 0;
        for (const k in v)
            if (Object.prototype.hasOwnProperty.call(v, k) && ++n > limits.maxItems)
                break;
        if (n > limits.maxItems) {
            const count = Object.keys(v).length;
            return report(() => `${where()} has ${count} fields; the limit is ${limits.maxItems} (EVENT_MAX_ITEMS)`);
        }
        for (const k in v) {
            const item = v[k];
            if (typeof item === 'string' || typeof item === 'boolean')
                continue;
            keys.push(k);
            visit(item, depth + 1);
            keys.pop();
        }
    };
    visit(value, 0);
    if (more)
        errors.push(`and ${more} more`);
    return errors;
}
/** At most `max` reasons, the rest counted in a last one. */
function capErrors(errors, max) {
    return errors.length <= max ? errors : [...errors.slice(0, max), `and ${errors.length - max} more`];
}
