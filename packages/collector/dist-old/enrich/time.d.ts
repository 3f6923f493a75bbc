/** Page-clock skew correction. */
/**
 * occurred_at = triggered_at + (received_at − sent_at): the page's clock error, measured on the batch,
 * removed from each event. Without a valid sent_at, triggered_at as is. Never later than received_at,
 * never before 2000 (a broken clock: received_at instead), so it is always a valid ISO-8601 time.
 */
export declare function occurredAt(triggeredAt: string, sentAt: string | undefined, receivedAt: Date): string;
/** The page clock's error measured on one batch (0 without a valid sent_at): once per request. */
export declare function clockSkew(sentAt: string | undefined, receivedAt: Date): number;
export declare function occurredAtWithSkew(triggeredAt: string, skew: number, receivedAt: Date): string;
