/** Page-clock skew correction. */

/**
 * occurred_at = triggered_at + (received_at − sent_at): the page's clock error, measured on the batch,
 * removed from each event. Without a valid sent_at, triggered_at as is. Never later than received_at.
 */
export function occurredAt(triggeredAt: string, sentAt: string | undefined, receivedAt: Date): string {
  const triggered = Date.parse(triggeredAt);
  if (Number.isNaN(triggered)) return receivedAt.toISOString();
  const sent = sentAt === undefined ? NaN : Date.parse(sentAt);
  const skew = Number.isNaN(sent) ? 0 : receivedAt.getTime() - sent;
  return new Date(Math.min(triggered + skew, receivedAt.getTime())).toISOString();
}
