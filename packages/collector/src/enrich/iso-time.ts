/**
 * The `YYYY-MM-DDTHH:MM:SS.sssZ` form (what Date.prototype.toISOString writes and sdk.js sends),
 * read and written character by character: isoMillis reads it (Date.parse, which handles every
 * form, cost ~0.5 µs per event; used for the schema's date-time check, ingest/date-time.ts, and for
 * occurred_at) and isoTime writes it (toISOString ~1 µs per event).
 */

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const ISO_LENGTH = 24;
const ZERO = 0x30;
const [DASH, T, COLON, DOT, Z] = [0x2d, 0x54, 0x3a, 0x2e, 0x5a];
const DAY_MS = 86_400_000;

/** The number written at s[at…at+len), or -1 when one of them is not a digit. */
function digits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const d = s.charCodeAt(i) - ZERO;
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

/** the last millisecond toISOString writes with a 4-digit year (9999-12-31T23:59:59.999Z) */
const LAST_4_DIGIT_YEAR = 253_402_300_799_999;
/** the character codes of the tens and units digits of 0–99 */
const tens = (n: number): number => ZERO + Math.floor(n / 10);
const units = (n: number): number => ZERO + (n % 10);

/**
 * What `new Date(ms).toISOString()` writes, in JavaScript: the built-in goes through the engine's
 * C++ runtime and cost ~1 µs per event, three times this. The day comes from H. Hinnant's
 * civil_from_days; times before 1970 or after year 9999 are left to the built-in (so a year has 4 digits).
 */
export function isoTime(ms: number): string {
  if (!(Number.isInteger(ms) && ms >= 0 && ms <= LAST_4_DIGIT_YEAR)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719_468; // days since 0000-03-01
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  // one string built from its characters: a template of padded parts made ~430 bytes of garbage per event
  return String.fromCharCode(
    tens(Math.floor(year / 100)), units(Math.floor(year / 100)), tens(year % 100), units(year % 100), DASH,
    tens(month), units(month), DASH, tens(day), units(day), T,
    tens(hour), units(hour), COLON, tens(minute), units(minute), COLON, tens(second), units(second), DOT,
    ZERO + Math.floor(millis / 100), tens(millis % 100), units(millis % 100), Z,
  );
}
