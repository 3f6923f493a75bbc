/**
 * The schema's `date-time` format: ajv-formats' full RFC 3339 check, with a fast path for the form
 * sdk.js sends (Date.prototype.toISOString, `2026-11-29T02:47:13.512Z`). That form, checked here
 * character by character with the same ranges (month, day of the month in a leap year or not, hour,
 * minute, second), is a subset of what the full check accepts; any other form goes to the full
 * check, which splits the string, runs two regular expressions and builds their match arrays for
 * each event (3 % of the collector's core).
 */
import addFormats from 'ajv-formats';

/** ajv-formats' own date-time check (its public `get`), for every form but toISOString's */
export const fullDateTime = (addFormats.get('date-time', 'full') as { validate: (s: string) => boolean }).validate;

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_LENGTH = 24;
const [DASH, T, COLON, DOT, Z] = [0x2d, 0x54, 0x3a, 0x2e, 0x5a];

/** The number written at s[at…at+len), or -1 when one of them is not a digit. */
function digits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const daysIn = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month];

/** `YYYY-MM-DDTHH:MM:SS.sssZ` naming a real day and time (no leap second: the full check has those). */
function isoString(s: string): boolean {
  if (s.length !== ISO_LENGTH) return false;
  if (s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T) return false;
  if (s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON || s.charCodeAt(19) !== DOT || s.charCodeAt(23) !== Z) return false;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const millis = digits(s, 20, 3);
  if (year < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}

export function isDateTime(s: string): boolean {
  return isoString(s) || fullDateTime(s);
}
