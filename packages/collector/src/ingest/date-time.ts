/**
 * The schema's `date-time` format: ajv-formats' full RFC 3339 check, with a fast path for the form
 * sdk.js sends (Date.prototype.toISOString, `2026-11-29T02:47:13.512Z`). That form, read by
 * isoMillis with the same ranges (month, day of the month in a leap year or not, hour, minute,
 * second), is a subset of what the full check accepts; any other form goes to the full
 * check, which splits the string, runs two regular expressions and builds their match arrays for
 * each event (3 % of the collector's core).
 */
import addFormats from 'ajv-formats';
import { isoMillis } from '../enrich/iso-time';

/** ajv-formats' own date-time check (its public `get`), for every form but toISOString's */
export const fullDateTime = (addFormats.get('date-time', 'full') as { validate: (s: string) => boolean }).validate;

export function isDateTime(s: string): boolean {
  return readDateTime(s) !== null;
}

/**
 * null when `s` is not a date-time, else its isoMillis (NaN for a form other than toISOString's),
 * for a caller that needs the time too (sources/segment.ts): the string is read once, not once to
 * check it and again for occurred_at.
 */
export function readDateTime(s: string): number | null {
  const millis = isoMillis(s);
  return !Number.isNaN(millis) || fullDateTime(s) ? millis : null;
}
