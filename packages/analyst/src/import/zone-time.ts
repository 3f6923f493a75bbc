/**
 * Times as Google Ads' offline-conversion template writes them (contract §10, reference/sources.md
 * §4.1): a local date and time, then optionally its zone — a time zone id (`America/New_York`) or a
 * GMT offset of a sign and four digits (`-0500`, `+0100`). The zone of the `Parameters:TimeZone=`
 * row is used for a time that names none; a time's own zone wins. Written here (not with a date
 * library) because it is one small rule: the zone ids are the IANA ids Node's Intl knows, and a
 * local time in a zone id becomes UTC by that zone's offset at that moment (daylight saving too).
 *
 * Accepted: `yyyy-MM-dd HH:mm:ss`, `yyyy-MM-dd HH:mm`, `MM/dd/yyyy HH:mm:ss`, `MM/dd/yyyy hh:mm:ss AM`
 * (any of them with `T` or a space between date and time), each optionally followed by the zone
 * (`2026-09-15 14:30:00-0500`, `2026-09-15 14:30:00 America/New_York`; `±HH:MM` too).
 */

/** A zone: a fixed offset in minutes, or an IANA id. */
export type Zone = { offset: number } | { id: string };

const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const TIME = /^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?(?:\s*([+-]\d{2}:?\d{2})|\s+([A-Za-z][A-Za-z0-9_+\-/]*))?$/;

const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter of an IANA zone id, or null when Node does not know the id. */
function formatter(id: string): Intl.DateTimeFormat | null {
  let f = formats.get(id);
  if (f) return f;
  try {
    f = new Intl.DateTimeFormat('en-US', { timeZone: id, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch {
    return null;
  }
  formats.set(id, f);
  return f;
}

/** The zone a text names (`America/New_York`, `-0500`, `+01:00`), or null when it is none. */
export function parseZone(text: string): Zone | null {
  const t = text.trim();
  const m = OFFSET.exec(t);
  if (m) {
    const h = Number(m[2]);
    const min = Number(m[3]);
    if (h > 14 || min > 59) return null;
    return { offset: (m[1] === '-' ? -1 : 1) * (h * 60 + min) };
  }
  if (t.toUpperCase() === 'UTC' || t.toUpperCase() === 'GMT') return { offset: 0 };
  return formatter(t) ? { id: t } : null;
}

/** offsets already computed, by zone and UTC hour (zones change their offset on the hour) */
const offsets = new Map<string, number>();
const HOUR = 3_600_000;
/** the most offsets kept (then the cache starts again): a file spanning years stays bounded */
const MAX_OFFSETS = 100_000;

/** The zone's offset from UTC (minutes) at the UTC moment `ms`. */
function offsetAt(id: string, ms: number): number {
  const key = `${id} ${Math.floor(ms / HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(key, (offset = computeOffset(id, Math.floor(ms / HOUR) * HOUR)));
  }
  return offset;
}

function computeOffset(id: string, ms: number): number {
  const parts = formatter(id)!.formatToParts(new Date(ms));
  const v = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(v('year'), v('month') - 1, v('day'), v('hour') % 24, v('minute'), v('second'));
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The UTC moment of a local wall time in a zone (a time skipped by daylight saving moves forward). */
function toUtc(local: number, zone: Zone): number {
  if ('offset' in zone) return local - zone.offset * 60_000;
  let utc = local - offsetAt(zone.id, local) * 60_000;
  const again = local - offsetAt(zone.id, utc) * 60_000;
  if (again !== utc) utc = again;
  return utc;
}

/**
 * The ISO-8601 UTC time of a Conversion Time, or the reason it is none. `fallback`: the
 * Parameters row's zone (null: none given, and a time without its own zone is refused).
 */
export function parseZonedTime(text: string, fallback: Zone | null): { iso: string } | { error: string } {
  const m = TIME.exec(text.trim());
  if (!m) return { error: `"${text}" is not a time Google's template takes (yyyy-MM-dd HH:mm:ss, MM/dd/yyyy HH:mm:ss or MM/dd/yyyy hh:mm:ss AM, then a zone)` };
  const [year, month, day] = m[1] ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number(m[6]), Number(m[4]), Number(m[5])];
  let hour = Number(m[7]);
  const minute = Number(m[8]);
  const second = m[9] ? Number(m[9]) : 0;
  if (m[10]) {
    if (hour < 1 || hour > 12) return { error: `"${text}": hour ${hour} with ${m[10].toUpperCase()}` };
    hour = (hour % 12) + (m[10].toUpperCase() === 'PM' ? 12 : 0);
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const d = new Date(local);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { error: `"${text}" is not a date and time of the calendar` };
  }
  let zone = fallback;
  const own = m[11] ?? m[12];
  if (own !== undefined) {
    zone = parseZone(own);
    if (!zone) return { error: `"${text}": unknown time zone "${own}" (a time zone id such as America/New_York, or +HHMM / -HHMM)` };
  }
  if (!zone) return { error: `"${text}" names no time zone, and there is no Parameters:TimeZone= row` };
  return { iso: new Date(toUtc(local, zone)).toISOString() };
}
