"use strict";
/** Page-clock skew correction. */
Object.defineProperty(exports, "__esModule", { value: true });
exports.occurredAt = occurredAt;
exports.clockSkew = clockSkew;
exports.occurredAtWithSkew = occurredAtWithSkew;
/** Earlier than this, a page clock is not wrong but broken: occurred_at falls back to received_at. */
const EARLIEST = Date.UTC(2000, 0, 1);
/**
 * occurred_at = triggered_at + (received_at − sent_at): the page's clock error, measured on the batch,
 * removed from each event. Without a valid sent_at, triggered_at as is. Never later than received_at,
 * never before 2000 (a broken clock: received_at instead), so it is always a valid ISO-8601 time.
 */
function occurredAt(triggeredAt, sentAt, receivedAt) {
    return occurredAtWithSkew(triggeredAt, clockSkew(sentAt, receivedAt), receivedAt);
}
/** The page clock's error measured on one batch (0 without a valid sent_at): once per request. */
function clockSkew(sentAt, receivedAt) {
    const sent = sentAt === undefined ? NaN : Date.parse(sentAt);
    return Number.isNaN(sent) ? 0 : receivedAt.getTime() - sent;
}
function occurredAtWithSkew(triggeredAt, skew, receivedAt) {
    const triggered = Date.parse(triggeredAt);
    if (Number.isNaN(triggered))
        return receivedAt.toISOString();
    const corrected = Math.min(triggered + skew, receivedAt.getTime());
    return new Date(corrected >= EARLIEST ? corrected : receivedAt.getTime()).toISOString();
}
