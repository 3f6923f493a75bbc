/**
 * Batch-level shared fields. sdk.js sends fields that every event of a batch has with the same
 * value (site_id, anonymous_id, session_id, page, utm, click_ids, device, ...) once, as
 * `common`, so more events fit in the browser's 64 KB page-close budget. Each event gets them
 * back here, before validation: the lake row is the same as for a full event, and bodies without
 * `common` (older SDKs, other senders) pass through unchanged. An event's own field wins.
 * Pure: no I/O, linear in the size of the body.
 */
/** `common` larger than this (as JSON) is refused: it would be copied into every event. */
export declare const COMMON_MAX_BYTES = 8192;
/** The body with `common` merged into each event, or why it cannot be (a string). */
export declare function expandBatch(body: unknown, maxCommonBytes?: number): unknown;
