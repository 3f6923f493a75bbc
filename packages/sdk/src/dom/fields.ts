/**
 * The products and attributes an action definition maps, read from the page at click time.
 * Not part of sdk.js: it loads this as sdk-fields.js (src/fields-chunk.ts) once a definition maps
 * fields, and holds such clicks until it has (client.ts). The recorder and bundler builds import it.
 */
import type { ActionDefinition, Product, Scalar } from '@actionlake/schema';
import { parsePrice } from '../core/price';
import { cut } from '../core/cut';
import { type ActionFields, containerOf, first, safeMatches } from './action';
import { collapse, elementText } from './element';

const MAX_VALUE = 200;
const TEXT_KEYS = ['name', 'brand', 'id', 'category', 'variant'];
/** `selector@attr` or `@attr`: read the attribute instead of the text. */
const ATTR = /@([A-Za-z_:][-\w:.]*)$/;

/** Products and attributes as the definition maps them, read from the container now. */
export function readFields(def: ActionDefinition, el: Element): ActionFields {
  const box = containerOf(def, el);
  const out: ActionFields = {};
  if (def.product) {
    const p: Product = {};
    const traits: Record<string, Scalar> = {};
    for (const key of Object.keys(def.product)) {
      const field = def.product[key]!;
      const v = readValue(box, field);
      if (v === undefined) continue;
      if (key === 'price') {
        // the page's language tells a bare `$`, `kr` or `¥` apart ("es-MX": MXN, "sv": SEK)
        const price = parsePrice(v, (box.closest('[lang]') as HTMLElement | null)?.lang, nearPrice(box, field));
        if (price) Object.assign(p, price);
      } else if (key === 'quantity') {
        const q = parseFloat(v.replace(/[^\d.]/g, ''));
        if (isFinite(q)) p.quantity = q;
      } else if (TEXT_KEYS.indexOf(key) >= 0) (p as Record<string, unknown>)[key] = v;
      else traits[key] = v;
    }
    if (Object.keys(traits).length) p.traits = traits;
    if (Object.keys(p).length) out.products = [p];
  }
  if (def.attributes) {
    const a: Record<string, Scalar> = {};
    for (const key of Object.keys(def.attributes)) {
      const v = readValue(box, def.attributes[key]);
      if (v !== undefined) a[key] = v;
    }
    if (Object.keys(a).length) out.attributes = a;
  }
  return out;
}

/**
 * The text around a price, nearest first: its element's whole text, then each ancestor's, up to
 * the container (each cut at 200 characters). Shops often write the currency sign in an element of
 * its own (WooCommerce's `<span class="woocommerce-Price-currencySymbol">`, themes' `.currency`),
 * which a field reading the amount alone (`bdi::text`) leaves out: parsePrice reads the currency
 * there when the amount names none (price-parser's "currency hint").
 */
function nearPrice(box: Element, field: string): string {
  let text = '';
  for (let e = fieldElement(box, splitField(field).selector); e; e = e === box ? null : e.parentElement) text += ' ' + elementText(e);
  return text;
}

/** `sel::text` (or `::text`): the element's own text, its text nodes without its children's (a bare price beside a struck one). */
const OWN = '::text';

/** A field value `sel`, `sel@attr`, `@attr` or `sel::text`: the selector, and the attribute or own text to read. */
export function splitField(field: string): { selector: string; attr?: string; own?: boolean } {
  const m = ATTR.exec(field);
  if (m) return { selector: field.slice(0, m.index).trim(), attr: m[1] };
  const own = field.slice(-6) == OWN;
  return { selector: (own ? field.slice(0, -6) : field).trim(), own };
}

/** The element a field selector reads in the container: the container itself when it matches. */
export function fieldElement(box: Element, selector: string): Element | null {
  return selector ? (safeMatches(box, selector) ? box : first(box, selector)) : box;
}

/** Text (or `@attr` value) of the first match of a field selector in the container, or undefined. */
export function readValue(box: Element, field: string): string | undefined {
  const f = splitField(field);
  const el = fieldElement(box, f.selector);
  if (!el) return undefined;
  const raw = f.attr ? el.getAttribute(f.attr) : isFormField(el) ? null : f.own ? ownText(el) : elementText(el);
  const v = raw == null ? '' : cut(collapse(raw), MAX_VALUE);
  return v || undefined;
}

function ownText(el: Element): string {
  let t = '';
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType == 3) t += n.nodeValue;
  return t;
}

/** Input values are never read (contract §4); only text of other elements. */
function isFormField(el: Element): boolean {
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName);
}
