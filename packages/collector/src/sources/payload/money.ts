/**
 * Amounts in the lake are in MAJOR units of their currency (contract §10: "revenue in major units of
 * the order's currency"), with the ISO-4217 code upper-cased as the models expect.
 *
 * Shopify sends decimal strings in major units (`"885.95"`). Stripe sends integers in the currency's
 * minor unit (`2500` usd = 25.00), except for zero-decimal currencies, whose integer is already the
 * major amount (`5000` jpy = ¥5000), and three-decimal ones, in thousandths (stripe.com/docs/currencies).
 */

/** Stripe's zero-decimal currencies (stripe.com/docs/currencies, as listed in sources.md §4.4). */
const ZERO_DECIMAL = new Set([
  'BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF',
]);
/** Stripe's three-decimal currencies: the integer is in thousandths */
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** The ISO-4217 code upper-cased, or undefined when there is none. */
export function currencyCode(raw: unknown): string | undefined {
  return typeof raw === 'string' && /^[a-zA-Z]{3}$/.test(raw) ? raw.toUpperCase() : undefined;
}

/** A Stripe amount (integer, minor units) in major units of `currency`. */
export function stripeMajor(amount: unknown, currency: string | undefined): number | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return undefined;
  const code = currency?.toUpperCase() ?? '';
  const divisor = ZERO_DECIMAL.has(code) ? 1 : THREE_DECIMAL.has(code) ? 1000 : 100;
  // rounding to the unit's digits keeps 1999 / 100 at 19.99, not 19.990000000000002
  return Number((amount / divisor).toFixed(Math.log10(divisor)));
}

/** A decimal string in major units (Shopify's `"885.95"`) as a number, or undefined. */
export function decimal(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string' || !/^-?\d+(\.\d+)?$/.test(raw.trim())) return undefined;
  return Number(raw);
}
