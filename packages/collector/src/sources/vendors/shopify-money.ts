/**
 * What a Shopify order is worth, after its discounts, in the shop's currency. Contract §7 values a
 * conversion at Σ price × quantity over its products, so an order's products carry the NET unit
 * price: the line's price × quantity minus the discounts Shopify allocated to that line
 * (`line_items[].discount_allocations`, where Shopify spreads every line-item discount — a code on
 * the whole order included), divided by its quantity. An order-level `total_discounts` that no line
 * or shipping line carries (older payloads, Shopify's own test notification) is spread over the
 * lines pro rata, to the cent of the amount Shopify wrote, largest remainder first. Then
 * Σ price × quantity is the subtotal the customer paid for the goods (Shopify's `subtotal_price`).
 *
 * Money: always the shop's (`*_set.shop_money`, else the plain field, which Shopify documents in
 * the shop's currency too; `currency` is the shop's), never `presentment_money` (the customer's
 * currency, which differs per order on a multi-currency store): one currency per shop, so orders
 * add up. Amounts are decimal strings in major units; the sums are done in integers
 * (ten-thousandths: every ISO-4217 minor unit fits) so 885.95 − 11.17 is 874.78, not 874.7800000000001.
 */
import { isObject, type Json, type JsonObject } from '../payload/json';
import { decimal } from '../payload/money';

const SCALE = 10_000;

/** a shop-money amount: `<field>_set.shop_money.amount`, else `<field>` */
export function shopAmount(o: JsonObject, field: string): number | undefined {
  const set = o[`${field}_set`];
  const shop = isObject(set) && isObject(set.shop_money) ? set.shop_money.amount : undefined;
  return decimal(shop ?? o[field]);
}

const units = (major: number | undefined): number => (major === undefined ? 0 : Math.round(major * SCALE));
const list = (value: Json | undefined): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);
const allocated = (line: JsonObject): number => list(line.discount_allocations).reduce((sum, a) => sum + units(shopAmount(a, 'amount')), 0);

/** the smallest step of an amount as Shopify wrote it ("20.00": a cent), in units */
function stepOf(o: JsonObject, field: string): number {
  const set = o[`${field}_set`];
  const raw = isObject(set) && isObject(set.shop_money) ? set.shop_money.amount : o[field];
  const digits = typeof raw === 'string' && raw.includes('.') ? raw.length - raw.indexOf('.') - 1 : 0;
  return Math.max(1, SCALE / 10 ** Math.min(digits, 4));
}

/** `amount` units over `weights` pro rata, in whole `step`s, largest remainder first */
function spread(amount: number, weights: number[], step: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return weights.map(() => 0);
  const steps = Math.round(amount / step);
  const exact = weights.map((w) => (steps * w) / total);
  const shares = exact.map(Math.floor);
  let left = steps - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    shares[i]++;
  }
  return shares.map((s) => s * step);
}

export interface NetLine {
  line: JsonObject;
  quantity: number | undefined;
  /** the unit price after its discounts, in major units of the shop's currency */
  price: number | undefined;
}

/** The order's line items with their net unit prices (shop money). */
export function netLines(order: JsonObject): NetLine[] {
  const lines = list(order.line_items);
  const quantity = (l: JsonObject) => (typeof l.quantity === 'number' && l.quantity >= 0 ? l.quantity : undefined);
  const gross = lines.map((l) => units(shopAmount(l, 'price')) * (quantity(l) ?? 1));
  const net = lines.map((l, i) => gross[i] - allocated(l));
  // what the order says it took off that neither a line nor a shipping line carries
  const carried = net.reduce((sum, n, i) => sum + gross[i] - n, 0) + list(order.shipping_lines).reduce((sum, s) => sum + allocated(s), 0);
  const rest = units(shopAmount(order, 'total_discounts')) - carried;
  const extra = rest > 0 ? spread(rest, net.map((n) => Math.max(0, n)), stepOf(order, 'total_discounts')) : net.map(() => 0);
  return lines.map((line, i) => {
    const price = shopAmount(line, 'price');
    const q = quantity(line);
    // a line of no units (taken out of the order) has nothing to spread its discounts over
    return { line, quantity: q, price: price === undefined || q === 0 ? price : (net[i] - extra[i]) / (q ?? 1) / SCALE };
  });
}
