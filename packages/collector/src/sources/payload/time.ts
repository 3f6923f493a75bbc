/**
 * A vendor's time of an event, as the ISO-8601 UTC instant the lake stores in `occurred_at`
 * (sources.md §0: the event time comes from the vendor's field, never from the clock-skew formula).
 */
import { WebhookBodyError } from '../types';

/** the years a vendor's time may fall in; outside them the field is not a time */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

function iso(ms: number, what: string): string {
  if (!Number.isFinite(ms) || ms < EARLIEST || ms >= LATEST) throw new WebhookBodyError(`${what} is not a time`);
  return new Date(ms).toISOString();
}

/** Unix seconds, integer or fractional (SendGrid `timestamp`, Stripe `created`, Mailgun `event-data.timestamp`). */
export function fromUnixSeconds(value: unknown, what: string): string {
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number') throw new WebhookBodyError(`${what} is missing or not a number`);
  return iso(Math.round(seconds * 1000), what);
}

/** An ISO-8601 time with its offset (Shopify `created_at: "2024-06-26T12:33:21-04:00"`). */
export function fromIso(value: unknown, what: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) {
    throw new WebhookBodyError(`${what} is missing or not an ISO-8601 time`);
  }
  return iso(Date.parse(value), what);
}

/**
 * Mailchimp's `fired_at` (`2014-11-04 09:42:31`): it names no zone; like Snowplow's Mailchimp
 * adapter we read it as UTC.
 */
export function fromMailchimp(value: unknown, what: string): string {
  const m = typeof value === 'string' ? /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)$/.exec(value.trim()) : null;
  if (!m) throw new WebhookBodyError(`${what} is missing or not "YYYY-MM-DD HH:MM:SS"`);
  return iso(Date.parse(`${m[1]}T${m[2]}Z`), what);
}
