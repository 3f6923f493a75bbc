/**
 * Figures as a person reads them, in the browser's language: 1,234 visitors, €129.80, 12.5 %,
 * "▲ 12 %" against the previous period. Never NaN or Infinity on the page: a change from nothing
 * is "new", a change of nothing is "–", a figure that is absent is "–".
 */
const locale = navigator.languages?.[0] ?? navigator.language ?? 'en-US';
const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
const moneyFormats = new Map<string, Intl.NumberFormat>();

export const count = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? '–' : integer.format(n));

/** a fractional count (an attribution model's credited conversions): 2 decimals at most */
export const credit = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? '–' : decimal.format(n));

export const share = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? '–' : percent.format(n));

/** An amount in `currency` (ISO 4217; XXX, "no currency named", as a plain number). */
export function money(n: number | null | undefined, currency: string | null): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  if (!currency || currency === 'XXX') return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    moneyFormats.set(currency, f);
  }
  return f.format(n);
}

export interface Change {
  text: string;
  /** up, down, same or new, for the arrow's colour and the screen reader */
  dir: 'up' | 'down' | 'same' | 'new' | 'none';
  label: string;
}

/** The change from `before` to `now`, as "▲ 12 %" with a spoken label. */
export function change(now: number, before: number | null | undefined): Change {
  if (before === null || before === undefined) return { text: '', dir: 'none', label: '' };
  if (before === 0 && now === 0) return { text: '–', dir: 'same', label: 'no change' };
  if (before === 0) return { text: 'new', dir: 'new', label: 'none in the previous period' };
  const r = (now - before) / Math.abs(before);
  if (Math.abs(r) < 0.0005) return { text: '0 %', dir: 'same', label: 'no change from the previous period' };
  const p = percent.format(Math.abs(r));
  return r > 0
    ? { text: `▲ ${p}`, dir: 'up', label: `up ${p} from the previous period` }
    : { text: `▼ ${p}`, dir: 'down', label: `down ${p} from the previous period` };
}

/** "1 Nov 2026" from "2026-11-01" (UTC days) */
export function day(d: string): string {
  return new Date(`${d}T00:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "1 Nov" */
export function shortDay(d: string): string {
  return new Date(`${d}T00:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
