"use strict";
/**
 * Every string the lake stores is well-formed UTF-16: a lone surrogate (half an emoji, e.g. a
 * title cut after 200 code units) becomes U+FFFD. JSON.stringify writes a lone surrogate as the
 * escape `\ud83d`, which is valid JSON but not valid UTF-8 text, and DuckDB then refuses the whole
 * object. Values (and object keys) are copied only where a string changes; the common case, all
 * strings fine, allocates nothing.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.wellFormedString = wellFormedString;
exports.wellFormed = wellFormed;
/** Deeper than this the value is kept as its JSON text (a bad row's payload only). */
const MAX_DEPTH = 64;
function wellFormedString(s) {
    const t = s;
    return t.isWellFormed() ? s : t.toWellFormed();
}
/** `value` with every string (and key) well-formed; the same object when nothing changes. */
function wellFormed(value) {
    return fix(value, 0);
}
function fix(v, depth) {
    if (typeof v === 'string')
        return wellFormedString(v);
    if (v === null || typeof v !== 'object')
        return v;
    if (depth >= MAX_DEPTH)
        return wellFormedJson(v);
    if (Array.isArray(v)) {
        let out = null;
        for (let i = 0; i < v.length; i++) {
            const f = fix(v[i], depth + 1);
            if (f !== v[i] && !out)
                out = v.slice(0, i);
            if (out)
                out.push(f);
        }
        return out ?? v;
    }
    let out = null;
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const val = v[k];
        const fk = wellFormedString(k);
        const fv = fix(val, depth + 1);
        if ((fk !== k || fv !== val) && !out) {
            out = {};
            for (let j = 0; j < i; j++)
                out[keys[j]] = v[keys[j]];
        }
        if (out)
            out[fk] = fv;
    }
    return out ?? v;
}
/** JSON text of a value too deep to walk, with every escaped lone surrogate replaced. */
function wellFormedJson(v) {
    let text;
    try {
        text = JSON.stringify(v);
    }
    catch {
        return '[not storable as JSON]';
    }
    // JSON.stringify escapes exactly the lone surrogates as \udXXX (pairs are written as is); an
    // escape is one when an even number of backslashes precedes it
    return text.replace(/(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g, '$1\\ufffd');
}
