/**
 * Reads a price shown on a page: "₹78,990" → 78990 INR, "$1,299.00" → 1299 USD,
 * "1.299,00 €" → 1299 EUR, "£12" → 12 GBP, "¥1,200" → 1200 JPY, "Rs. 499" → 499 INR.
 * The decimal mark is the last `.` or `,` when both appear; with only one kind, it is decimal
 * only when it appears once and is followed by one or two digits ("12,5", "9.99").
 */
export interface Price {
  price: number;
  currency?: string;
}

const SYMBOLS: [RegExp, string][] = [
  [/₹|\bRs\.?(?![a-z])|\bINR\b/i, 'INR'],
  [/€|\bEUR\b/i, 'EUR'],
  [/£|\bGBP\b/i, 'GBP'],
  [/¥|\bJPY\b/i, 'JPY'],
  [/\bCA\$|\bCAD\b/i, 'CAD'],
  [/\bA\$|\bAUD\b/i, 'AUD'],
  [/\$|\bUSD\b/i, 'USD'],
];
/** ISO 4217 codes read when no symbol is shown; other capitals ("MRP 499", "NEW") are not currencies. */
const ISO = /\b(USD|EUR|GBP|JPY|INR|CNY|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|RON|TRY|RUB|UAH|BRL|MXN|ARS|CLP|COP|ZAR|NGN|KES|EGP|AED|SAR|QAR|ILS|SGD|HKD|TWD|KRW|THB|MYR|IDR|PHP|VND|PKR|BDT|LKR|NPR)\b/;
const NUMBER = /\d(?:[\d.,'\u00a0\u202f ]*\d)?/;

export function parsePrice(text: string): Price | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const price = toNumber(m[0].replace(/['\u00a0\u202f ]/g, ''));
  if (price === undefined) return undefined;
  const out: Price = { price };
  const currency = currencyOf(text);
  if (currency) out.currency = currency;
  return out;
}

function toNumber(raw: string): number | undefined {
  const lastDot = raw.lastIndexOf('.');
  const lastComma = raw.lastIndexOf(',');
  let decimal = '';
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? '.' : ',';
    const once = raw.indexOf(mark) === raw.lastIndexOf(mark);
    if (once && /^[.,]\d{1,2}$/.test(raw.slice(raw.lastIndexOf(mark)))) decimal = mark;
  }
  const thousands = decimal === '.' ? /,/g : decimal === ',' ? /\./g : /[.,]/g;
  const n = Number(raw.replace(thousands, '').replace(',', '.'));
  return isFinite(n) ? n : undefined;
}

function currencyOf(text: string): string | undefined {
  for (const [re, code] of SYMBOLS) if (re.test(text)) return code;
  const iso = ISO.exec(text);
  return iso ? iso[1] : undefined;
}
