/**
 * Conversions for Google Ads: the offline-conversion import file ("Import conversions from ad
 * clicks", https://support.google.com/google-ads/answer/7014069) and the same conversions as the
 * Google Ads API's UploadClickConversions takes them
 * (https://developers.google.com/google-ads/api/reference/rpc/latest/ClickConversion).
 *
 * The file: the row `Parameters:TimeZone=<zone>` first (an IANA zone such as Europe/Berlin, or
 * +0000 for UTC), then the header `Google Click ID,Conversion Name,Conversion Time,Conversion
 * Value,Conversion Currency` — plus `GBRAID,WBRAID` only when a conversion's click has no gclid but
 * one of those (exactly one click id per row) — and one row per conversion whose person clicked an
 * ad within the click window. Conversion Time is `yyyy-MM-dd HH:mm:ss` in that zone: no `T`, no
 * offset (an ISO time with `T` rejects the whole file). Conversion Name is the lake's action: the
 * conversion action in Google Ads must be named the same.
 *
 * A conversion is left out, and counted, when its person has no Google click in the window, when
 * its click is older than 90 days today (Google no longer accepts it: EXPIRED_EVENT), or when the
 * person's consent is denied.
 */
import { csvLine } from '../ground/output/csv';
import type { ConversionRow } from './conversion-rows';

const DAY_MS = 86_400_000;
/** Google accepts clicks up to 90 days old at upload (answer/7014069) */
export const GOOGLE_MAX_CLICK_AGE_DAYS = 90;

export interface GoogleConversion {
  event_id: string;
  gclid: string | null;
  gbraid: string | null;
  wbraid: string | null;
  name: string;
  /** `yyyy-MM-dd HH:mm:ss` in the file's zone */
  time: string;
  /** `yyyy-MM-dd HH:mm:ss+hh:mm`: the API's conversion_date_time */
  apiTime: string;
  value: number | null;
  currency: string | null;
}

export interface GoogleSelection {
  conversions: GoogleConversion[];
  noClick: number;
  expiredClick: number;
  consentDenied: number;
}

/** The wall-clock time and UTC offset of `ms` in `zone` (an IANA name, or UTC). */
export function zonedTime(ms: number, zone: string): { time: string; offset: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  const time = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const minutes = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return { time, offset };
}

/** Whether `zone` is a time zone this runtime knows (an IANA name such as America/New_York, or UTC). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The conversions Google can take, and how many were left out and why. */
export function googleConversions(rows: ConversionRow[], zone: string, now = Date.now()): GoogleSelection {
  const out: GoogleSelection = { conversions: [], noClick: 0, expiredClick: 0, consentDenied: 0 };
  for (const r of rows) {
    if (r.consent_state === 'denied' || r.person_consent === 'denied') {
      out.consentDenied++;
      continue;
    }
    if (!r.gclid && !r.gbraid && !r.wbraid) {
      out.noClick++;
      continue;
    }
    if (r.google_click_ms !== null && now - r.google_click_ms > GOOGLE_MAX_CLICK_AGE_DAYS * DAY_MS) {
      out.expiredClick++;
      continue;
    }
    const { time, offset } = zonedTime(r.occurred_ms, zone);
    // exactly one click id per conversion: the gclid when there is one
    const gclid = r.gclid ?? null;
    out.conversions.push({
      event_id: r.event_id,
      gclid,
      gbraid: gclid ? null : r.gbraid,
      wbraid: gclid || r.gbraid ? null : r.wbraid,
      name: r.action,
      time,
      apiTime: `${time}${offset}`,
      value: r.value,
      currency: r.currency,
    });
  }
  return out;
}

/** The zone as the Parameters row names it: +0000 for UTC, else the IANA name. */
function parameterZone(zone: string): string {
  return /^(utc|etc\/utc|gmt|etc\/gmt|z)$/i.test(zone) ? '+0000' : zone;
}

/** The import file's text. */
export function googleOfflineCsv(conversions: GoogleConversion[], zone: string): string {
  const braids = conversions.some((c) => !c.gclid);
  let csv = `Parameters:TimeZone=${parameterZone(zone)}\n`;
  csv += csvLine(['Google Click ID', 'Conversion Name', 'Conversion Time', 'Conversion Value', 'Conversion Currency', ...(braids ? ['GBRAID', 'WBRAID'] : [])]);
  for (const c of conversions) {
    const row: unknown[] = [c.gclid ?? '', c.name, c.time, c.value ?? '', c.value === null ? '' : (c.currency ?? '')];
    if (braids) row.push(c.gbraid ?? '', c.wbraid ?? '');
    csv += csvLine(row);
  }
  return csv;
}

/** "2 conversions written; 1 without a Google click in 90 days" */
export function googleSummary(s: GoogleSelection, windowDays: number): string {
  const n = s.conversions.length;
  const parts = [`${n} conversion${n === 1 ? '' : 's'} with a Google click`];
  if (s.noClick) parts.push(`${s.noClick} without a Google click (gclid, gbraid, wbraid) in the ${windowDays} days before`);
  if (s.expiredClick) parts.push(`${s.expiredClick} whose click is over ${GOOGLE_MAX_CLICK_AGE_DAYS} days old (Google no longer takes it)`);
  if (s.consentDenied) parts.push(`${s.consentDenied} left out: consent denied`);
  return parts.join('; ');
}
