/**
 * The e-commerce spec's products of a Segment track call (productsOf/product of segment-fields.ts)
 * written as the row's `products` JSON text, for the server API's fast path (segment-text.ts):
 * the same members in the same order, without the Product objects (and their traits objects)
 * JSON.stringify would read again. Declines (null) what the schema refuses (a field over 500
 * characters, a currency that is not three letters, more items than the limits) and a
 * `__proto__` key, which an object drops: the general path then names the reason.
 */
import { isObj } from './segment-fields';
import { flat, inner, quoted } from './segment-quote';
import { CURRENCY, MAX_PRODUCT_FIELD as MAX_FIELD, MAX_PRODUCTS } from './schema-limits';

const OWN = ['name', 'brand', 'category', 'variant'] as const;
/** the fields of a Segment product that are a lake Product's own; the rest go to its traits */
const PRODUCT_KEYS = new Set(['product_id', 'sku', 'id', 'name', 'price', 'quantity', 'brand', 'category', 'variant', 'currency']);
const q = JSON.stringify;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

/**
 * `"key":"` / `,"key":"` of a product's own string members, and `"key":` / `,"key":` of its
 * numbers, as flat strings: a member is then three pieces of the row's text, not seven (each
 * piece costs its flattening when the spool writes the row).
 */
const OPEN: Record<string, readonly [string, string]> = Object.fromEntries(['id', ...OWN, 'currency'].map((k) => [k, [flat(`"${k}":"`), flat(`,"${k}":"`)] as const]));
const NUMBER: Record<string, readonly [string, string]> = Object.fromEntries(['price', 'quantity'].map((k) => [k, [flat(`"${k}":`), flat(`,"${k}":`)] as const]));

/** A product's members as JSON text without its braces, or null for the general path. */
function productText(p: Record<string, unknown>, currency: string | undefined, maxItems: number): string | null {
  let t = '';
  const id = p.product_id ?? p.sku ?? p.id;
  if (typeof id === 'string' || typeof id === 'number') {
    const s = String(id);
    if (s.length > MAX_FIELD) return null;
    t = OPEN.id[0] + inner(s) + '"';
  }
  for (const k of OWN) {
    const v = p[k];
    if (typeof v !== 'string' || v === '') continue;
    if (v.length > MAX_FIELD) return null;
    t += OPEN[k][t ? 1 : 0] + inner(v) + '"';
  }
  const price = num(p.price);
  if (price !== undefined) t += NUMBER.price[t ? 1 : 0] + price;
  const quantity = num(p.quantity);
  if (quantity !== undefined) t += NUMBER.quantity[t ? 1 : 0] + quantity;
  const cur = str(p.currency)?.toUpperCase() ?? currency;
  if (cur) {
    if (!CURRENCY.test(cur)) return null;
    t += OPEN.currency[t ? 1 : 0] + cur + '"';
  }
  let traits = '';
  let n = 0;
  for (const k in p) {
    if (PRODUCT_KEYS.has(k)) continue;
    const v = p[k];
    if (!(typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) continue;
    if (k === '__proto__' || ++n > maxItems) return null;
    traits += `${n > 1 ? ',' : ''}${quoted(k)}:${typeof v === 'string' ? quoted(v) : String(v)}`;
  }
  if (n) t += (t ? ',"traits":{' : '"traits":{') + traits + '}';
  return t;
}

/** `products` of a track call's properties as JSON (`''`: none), or null for the general path. */
export function productsText(properties: unknown, maxItems: number): string | null {
  if (!isObj(properties)) return '';
  const currency = str(properties.currency)?.toUpperCase();
  if (Array.isArray(properties.products)) {
    let text = '';
    let n = 0;
    for (const p of properties.products) {
      if (!isObj(p)) continue;
      if (++n > Math.min(MAX_PRODUCTS, maxItems)) return null;
      const t = productText(p, currency, maxItems);
      if (t === null) return null;
      text += (n > 1 ? ',{' : '[{') + t + '}';
    }
    return n ? text + ']' : '';
  }
  if (properties.product_id !== undefined || properties.sku !== undefined) {
    const t = productText(properties, currency, maxItems);
    return t === null ? null : '[{' + t + '}]';
  }
  return '';
}
