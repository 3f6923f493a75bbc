"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.quoted = void 0;
exports.entityTags = entityTags;
/** If-Match / If-None-Match: the entity tags they list (quotes and W/ dropped), or '*'. */
function entityTags(header) {
    if (header === undefined)
        return null;
    const v = header.trim();
    if (v === '')
        return null;
    if (v === '*')
        return '*';
    return v
        .split(',')
        .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
        .filter(Boolean);
}
const quoted = (version) => `"${version}"`;
exports.quoted = quoted;
