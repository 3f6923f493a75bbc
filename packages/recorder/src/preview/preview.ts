/**
 * What a definition would do on this page before it is saved: every element its selector
 * matches, and the values the SDK would read at click time for each (the SDK's own readFields,
 * so the preview shows exactly what visitors will send).
 */
import { all, containerOf, pathMatches, readFields, readValue, type ActionDefinition, type ActionFields } from '@actionlake/sdk';
import { fieldParses, parses } from './selectors';

export interface Preview {
  /** why it cannot be saved, or null */
  problem: string | null;
  /** a note that does not block saving */
  warning: string | null;
  matches: Element[];
  containers: Element[];
  /** per match, the captured values in display order */
  values: string[][];
  /** the match the marketer picked (its container holds the picked element), else 0 */
  picked: number;
  /** mapped fields that look wrong (empty in most matches, or one value in all): Save asks first */
  fieldWarnings: string[];
}

/** `skip`: the recorder's own host, never a match; `anchor`: the element the marketer picked. */
export function previewOf(def: ActionDefinition, doc: Document, path: string, skip?: Element, anchor?: Element | null): Preview {
  const out: Preview = { problem: null, warning: null, matches: [], containers: [], values: [], picked: 0, fieldWarnings: [] };
  const selector = def.selector.trim();
  if (!selector) return { ...out, problem: 'Enter a selector, or pick an element on the page.' };
  if (!parses(selector)) return { ...out, problem: `The selector "${selector}" does not parse as CSS.` };
  if (def.container && !parses(def.container)) return { ...out, problem: `The container "${def.container}" does not parse as CSS.` };
  for (const group of [def.product, def.attributes]) {
    for (const key of Object.keys(group || {})) {
      if (!fieldParses(group![key])) return { ...out, problem: `The ${key} field "${group![key]}" does not parse as CSS.` };
    }
  }
  out.matches = all(doc, selector).filter((el) => el !== skip);
  if (!out.matches.length) return { ...out, problem: `The selector "${selector}" matches nothing on this page.` };
  out.containers = out.matches.map((el) => containerOf(def, el));
  out.values = out.matches.map((el) => valuesOf(readFields(def, el)));
  const at = anchor ? out.containers.findIndex((c, i) => c.contains(anchor) || out.matches[i].contains(anchor)) : -1;
  out.picked = at < 0 ? 0 : at;
  out.fieldWarnings = fieldWarnings(def, out.containers);
  if (def.url && !pathMatches(def.url, path)) out.warning = `The url glob ${def.url} does not match this page (${path}): the action will not apply here.`;
  return out;
}

/** "Duke 200", "78990 INR", "KTM", …: products then attributes, as captured. */
export function valuesOf(f: ActionFields): string[] {
  const out: string[] = [];
  for (const p of f.products || []) {
    for (const key of Object.keys(p) as (keyof typeof p)[]) {
      if (key === 'currency' || key === 'traits') continue;
      if (key === 'price') out.push(p.currency ? `${p.price} ${p.currency}` : String(p.price));
      else out.push(String(p[key]));
    }
    for (const v of Object.values(p.traits || {})) out.push(String(v));
  }
  for (const v of Object.values(f.attributes || {})) out.push(String(v));
  return out;
}

/**
 * Signs that a mapped field reads the wrong element: it reads nothing in most matches, or the
 * same value in every one of them (a list heading, a label) — each named.
 */
export function fieldWarnings(def: ActionDefinition, containers: Element[]): string[] {
  const n = containers.length;
  const out: string[] = [];
  if (n < 2) return out;
  for (const group of [def.product, def.attributes]) {
    for (const key of Object.keys(group || {})) {
      const values = containers.map((c) => readValue(c, group![key]));
      const empty = values.filter((v) => v === undefined).length;
      if (empty * 2 > n) out.push(`The ${key} field reads nothing in ${empty} of ${n} matches: it may point at the wrong element.`);
      else if (!empty && values.every((v) => v === values[0])) out.push(`The ${key} field reads “${values[0]}” in all ${n} matches: it may read something shared by the list, not each item.`);
    }
  }
  return out;
}

/** "4 matches — Duke 200 · 78990 INR · KTM" (values of the picked match). */
export function summary(p: Preview): string {
  const n = p.matches.length;
  const head = `${n} match${n === 1 ? '' : 'es'}`;
  const picked = p.values[p.picked] || [];
  return picked.length ? `${head} — ${picked.join(' · ')}` : head;
}
