/**
 * The definition being edited, as the form holds it, and its conversion to and from the
 * ActionDefinition the collector stores (contract §2). Pure; no DOM besides the picked element.
 */
import { ACTION_ID_PATTERN } from '@actionlake/schema';
import type { ActionDefinition } from '@actionlake/sdk';
/** product fields with a button each: the ones the SDK reads into the product itself (the rest go to traits) */
export const PRODUCT_KEYS = ['name', 'price', 'brand', 'id', 'category', 'variant', 'quantity'] as const;

export type FieldGroup = 'product' | 'attributes';

/** A definition as stored (contract §2), with `conversion`: its events count as conversions (§7). */
export type Definition = ActionDefinition & { conversion?: boolean };

export interface Draft {
  name: string;
  id: string;
  /** the marketer typed the id: it no longer follows the name */
  idEdited: boolean;
  selector: string;
  container: string;
  url: string;
  product: Record<string, string>;
  attributes: Record<string, string>;
  fallback?: { path: string; text?: string };
  /** the "counts as a conversion" switch */
  conversion: boolean;
  /** the element the marketer clicked (null when a saved definition was loaded) */
  anchor: Element | null;
  /** id of the saved definition loaded for editing */
  original?: string;
}

export function emptyDraft(): Draft {
  return { name: '', id: '', idEdited: false, selector: '', container: '', url: '', product: {}, attributes: {}, conversion: false, anchor: null };
}

/** "Product clicked" → "product-clicked": lowercase ASCII letters, digits and dashes, ≤ 64. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug;
}

/** Sets the name; the id follows it until the marketer edits the id. */
export function withName(d: Draft, name: string): Draft {
  return { ...d, name, id: d.idEdited ? d.id : slugify(name) };
}

export function toDefinition(d: Draft): Definition {
  const def: Definition = { id: d.id.trim(), name: d.name.trim(), selector: d.selector.trim() };
  if (d.url.trim()) def.url = d.url.trim();
  if (d.container.trim()) def.container = d.container.trim();
  if (Object.keys(d.product).length) def.product = { ...d.product };
  if (Object.keys(d.attributes).length) def.attributes = { ...d.attributes };
  // the SDK ignores a fallback without text: an old text-less one is dropped on the next save
  if (d.fallback && d.fallback.path && d.fallback.text) def.fallback = { ...d.fallback };
  if (d.conversion) def.conversion = true;
  return def;
}

export function fromDefinition(def: Definition): Draft {
  return {
    name: def.name,
    id: def.id,
    idEdited: true,
    selector: def.selector,
    container: def.container || '',
    url: def.url || '',
    product: { ...(def.product || {}) },
    attributes: { ...(def.attributes || {}) },
    fallback: def.fallback ? { ...def.fallback } : undefined,
    conversion: def.conversion === true,
    anchor: null,
    original: def.id,
  };
}

/** Why the draft's own fields (not its selectors) cannot be saved yet, or null. */
export function formProblem(d: Draft): string | null {
  if (!d.name.trim()) return 'Name the action (the events will carry this name, e.g. "Product clicked").';
  if (!ACTION_ID_PATTERN.test(d.id.trim())) return 'The id must be 1–64 lowercase letters, digits, - or _, starting with a letter or digit.';
  if (d.url.trim() && !d.url.trim().startsWith('/')) return 'The url glob must start with "/", e.g. /products/*.';
  return null;
}
