/** Page-clock skew correction. */
import { isoMillis, isoTime } from './iso-time';

/** Earlier than this, a page clock is not wrong but broken: occurred_at falls back to received_at. */
const EARLIEST = Date.UTC(2000, 0, 1);

/**
 * occurred_at = triggered_at + (received_at − sent_at): the page's clock error, measured on the batch,
 * removed from each event. Without a valid sent_at, triggered_at as is. Never later than received_at,
 * never before 2000 (a broken clock: received_at instead), so it is always a valid ISO-8601 time.
 */
export function occurredAt(triggeredAt: string, sentAt: string | undefined, receivedAt: Date): string {
  return occurredAtWithSkew(triggeredAt, clockSkew(sentAt, receivedAt), receivedAt);
}

/** The page clock's error measured on one batch (0 without a valid sent_at): once per request. */
export function clockSkew(sentAt: string | undefined, receivedAt: Date): number {
  const sent = sentAt === undefined ? NaN : Date.parse(sentAt);
  return Number.isNaN(sent) ? 0 : receivedAt.getTime() - sent;
}

/** `fast`: isoMillis(triggeredAt) when the caller has already read it. */
export function occurredAtWithSkew(triggeredAt: string, skew: number, receivedAt: Date, fast = isoMillis(triggeredAt)): string {
  const triggered = Number.isNaN(fast) ? Date.parse(triggeredAt) : fast;
  if (Number.isNaN(triggered)) return receivedAt.toISOString();
  const corrected = Math.min(triggered + skew, receivedAt.getTime());
  // unchanged and already in toISOString's form (isoMillis read it): that string is the answer, not a new copy
  if (corrected === fast && corrected >= EARLIEST) return triggeredAt;
  return isoTime(corrected >= EARLIEST ? corrected : receivedAt.getTime());
}
