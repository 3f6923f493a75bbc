"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.URL_MAX_SEGMENT_WILDCARDS = exports.FALLBACK_TEXT_MAX_LENGTH = exports.URL_MAX_LENGTH = exports.NAME_MAX_LENGTH = void 0;
exports.validateAction = validateAction;
/**
 * Checks one ActionDefinition from a PUT body (contract §2) and returns the stored form, or every
 * problem found, each naming the field and the limit.
 */
const schema_1 = require("@actionlake/schema");
const selector_1 = require("./selector");
exports.NAME_MAX_LENGTH = 200; // the lake's `action` is at most 200 characters
exports.URL_MAX_LENGTH = 1024;
exports.FALLBACK_TEXT_MAX_LENGTH = 200;
/**
 * Wildcards in one path segment of a url glob. sdk.js matches globs in linear time, but copies of
 * older releases cached in browsers match with a backtracking regex, which freezes the page for
 * seconds per click on globs like /*-*-*-*-*-*-*-*-slug/buy: refused at save.
 */
exports.URL_MAX_SEGMENT_WILDCARDS = 3;
const TOP_LEVEL = ['id', 'name', 'selector', 'url', 'container', 'product', 'attributes', 'fallback', 'conversion'];
const FALLBACK_KEYS = ['path', 'text'];
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `pathId` is the `:id` of the URL; the body's `id`, when given, must be the same. */
function validateAction(body, pathId, limits) {
    if (!isObject(body))
        return invalid(400, ['the body must be a JSON object (an ActionDefinition)']);
    const errors = [];
    const css = { maxLength: limits.actionSelectorMaxLength };
    const unknown = Object.keys(body).filter((k) => !TOP_LEVEL.includes(k));
    if (unknown.length)
        errors.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k.slice(0, 64))).join(', ')}; allowed: ${TOP_LEVEL.join(', ')}`);
    if (!schema_1.ACTION_ID_PATTERN.test(pathId))
        errors.push(`id "${pathId.slice(0, 100)}" in the URL is not valid (${schema_1.ACTION_ID_PATTERN.source})`);
    if (body.id !== undefined && body.id !== pathId)
        errors.push(`id ${JSON.stringify(body.id).slice(0, 100)} in the body is not the id "${pathId.slice(0, 100)}" of the URL`);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (typeof body.name !== 'string' || !name)
        errors.push('name is required: a non-empty string (the action of the events)');
    else if (name.length > exports.NAME_MAX_LENGTH)
        errors.push(`name is ${name.length} characters long; the limit is ${exports.NAME_MAX_LENGTH}`);
    if (body.selector === undefined)
        errors.push('selector is required (a CSS selector)');
    else
        push(errors, (0, selector_1.selectorProblem)('selector', body.selector, css));
    if (body.url !== undefined) {
        if (typeof body.url !== 'string' || !body.url.startsWith('/'))
            errors.push('url must be a path glob starting with "/", e.g. "/products/*"');
        else if (body.url.length > exports.URL_MAX_LENGTH)
            errors.push(`url is ${body.url.length} characters long; the limit is ${exports.URL_MAX_LENGTH}`);
        else
            push(errors, globProblem(body.url));
    }
    if (body.container !== undefined)
        push(errors, (0, selector_1.selectorProblem)('container', body.container, css));
    let fields = 0;
    for (const group of ['product', 'attributes']) {
        const map = body[group];
        if (map === undefined)
            continue;
        if (!isObject(map)) {
            errors.push(`${group} must be an object of field name → CSS selector`);
            continue;
        }
        for (const [key, value] of Object.entries(map)) {
            fields++;
            if (!schema_1.ACTION_FIELD_KEY_PATTERN.test(key) || key === '__proto__')
                errors.push(`${group} field name ${JSON.stringify(key.slice(0, 100))} is not valid (${schema_1.ACTION_FIELD_KEY_PATTERN.source})`);
            else
                push(errors, (0, selector_1.selectorProblem)(`${group}.${key}`, value, { ...css, allowAttr: true }));
        }
    }
    if (fields > limits.actionMaxFields)
        errors.push(`product and attributes have ${fields} fields together; the limit is ${limits.actionMaxFields} (ACTION_MAX_FIELDS)`);
    if (body.fallback !== undefined) {
        const fb = body.fallback;
        if (!isObject(fb))
            errors.push('fallback must be an object { path, text? }');
        else {
            const extra = Object.keys(fb).filter((k) => !FALLBACK_KEYS.includes(k));
            if (extra.length)
                errors.push(`unknown field fallback.${extra[0].slice(0, 64)}; allowed: ${FALLBACK_KEYS.join(', ')}`);
            if (fb.path === undefined)
                errors.push('fallback.path is required (a CSS selector)');
            else
                push(errors, (0, selector_1.selectorProblem)('fallback.path', fb.path, css));
            if (fb.text !== undefined) {
                if (typeof fb.text !== 'string')
                    errors.push('fallback.text must be a string');
                else if (fb.text.length > exports.FALLBACK_TEXT_MAX_LENGTH)
                    errors.push(`fallback.text is ${fb.text.length} characters long; the limit is ${exports.FALLBACK_TEXT_MAX_LENGTH}`);
            }
        }
    }
    // §2/§7: events of this action count as conversions; a boolean only (not "true", not 1)
    if (body.conversion !== undefined && typeof body.conversion !== 'boolean')
        errors.push(`conversion must be true or false, not ${JSON.stringify(body.conversion).slice(0, 40)}`);
    if (errors.length)
        return invalid(400, errors);
    const action = stored(body, pathId, name);
    const bytes = Buffer.byteLength(JSON.stringify(action));
    if (bytes > limits.actionMaxBytes)
        return invalid(413, [`the action definition is ${bytes} bytes as JSON; the limit is ${limits.actionMaxBytes} (ACTION_MAX_BYTES)`]);
    return { ok: true, action };
}
/** The definition as stored: known fields only, in a fixed order, id from the URL, name trimmed. */
function stored(body, id, name) {
    const a = { id, name, selector: body.selector };
    if (body.url !== undefined)
        a.url = body.url;
    if (body.container !== undefined)
        a.container = body.container;
    if (body.product !== undefined)
        a.product = Object.fromEntries(Object.entries(body.product));
    if (body.attributes !== undefined)
        a.attributes = Object.fromEntries(Object.entries(body.attributes));
    if (body.fallback !== undefined) {
        const fb = body.fallback;
        a.fallback = fb.text === undefined ? { path: fb.path } : { path: fb.path, text: fb.text };
    }
    if (body.conversion !== undefined)
        a.conversion = body.conversion;
    return a;
}
/** `***`, or more than URL_MAX_SEGMENT_WILDCARDS wildcards (`*` or `**`) between two slashes. */
function globProblem(url) {
    if (url.includes('***'))
        return 'url must not contain "***" (use * for one path segment, ** for any depth)';
    for (const segment of url.split('/')) {
        const n = (segment.match(/\*\*?/g) || []).length;
        if (n > exports.URL_MAX_SEGMENT_WILDCARDS) {
            return `url has ${n} wildcards in the path segment "${segment.slice(0, 100)}"; the limit is ${exports.URL_MAX_SEGMENT_WILDCARDS} per segment (older sdk.js copies would match it with a backtracking regex)`;
        }
    }
    return null;
}
function push(errors, problem) {
    if (problem)
        errors.push(problem);
}
function invalid(status, errors) {
    return { ok: false, status, error: errors.length === 1 ? errors[0] : `${errors.length} problems: ${errors.join('; ')}`, errors };
}
