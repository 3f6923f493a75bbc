/**
 * The time a `YYYY-MM-DDTHH:MM:SS.sssZ` string names (the form Date.prototype.toISOString writes and
 * sdk.js sends), read character by character: Date.parse, which handles every form, cost ~0.5 µs
 * per event. Used for the schema's date-time check (ingest/date-time.ts) and for occurred_at.
 */

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_LENGTH = 24;
const [DASH, T, COLON, DOT, Z] = [0x2d, 0x54, 0x3a, 0x2e, 0x5a];
const DAY_MS = 86_400_000;

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

/** Days from 1970-01-01 to a date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/**
 * Milliseconds since the epoch of `s` when it is `YYYY-MM-DDTHH:MM:SS.sssZ` naming a real day and
 * time (no leap second, no hour 24), else NaN (another form: leave it to Date.parse).
 */
export function isoMillis(s: string): number {
  if (s.length !== ISO_LENGTH) return NaN;
  if (s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T) return NaN;
  if (s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON || s.charCodeAt(19) !== DOT || s.charCodeAt(23) !== Z) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  const millis = digits(s, 20, 3);
  if (year < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) return NaN;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour <= 23 && minute <= 59 && second <= 59)) return NaN;
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}
