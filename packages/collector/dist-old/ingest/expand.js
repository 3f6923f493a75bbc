"use strict";
/**
 * Batch-level shared fields. sdk.js sends fields that every event of a batch has with the same
 * value (site_id, anonymous_id, session_id, page, utm, click_ids, device, ...) once, as
 * `common`, so more events fit in the browser's 64 KB page-close budget. Each event gets them
 * back here, before validation: the lake row is the same as for a full event, and bodies without
 * `common` (older SDKs, other senders) pass through unchanged. An event's own field wins.
 * Pure: no I/O, linear in the size of the body.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.COMMON_MAX_BYTES = void 0;
exports.expandBatch = expandBatch;
/** `common` larger than this (as JSON) is refused: it would be copied into every event. */
exports.COMMON_MAX_BYTES = 8192;
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The body with `common` merged into each event, or why it cannot be (a string). */
function expandBatch(body, maxCommonBytes = exports.COMMON_MAX_BYTES) {
    if (!isObject(body) || body.common === undefined)
        return body;
    const { common, ...rest } = body;
    if (!isObject(common))
        return 'body.common must be an object of fields shared by every event';
    const bytes = Buffer.byteLength(JSON.stringify(common));
    if (bytes > maxCommonBytes)
        return `body.common is ${bytes} bytes as JSON; the limit is ${maxCommonBytes}`;
    if (!Array.isArray(rest.events))
        return rest;
    return { ...rest, events: rest.events.map((e) => (isObject(e) ? { ...common, ...e } : e)) };
}
