/**
 * What a definition would do on this page before it is saved: every element its selector
 * matches, and the values the SDK would read at click time for each (the SDK's own readFields,
 * so the preview shows exactly what visitors will send).
 */
import { all, containerOf, pathMatches, readFields, type ActionDefinition, type ActionFields } from '@actionlake/sdk';
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
}

/** `skip`: the recorder's own host, never a match. */
export function previewOf(def: ActionDefinition, doc: Document, path: string, skip?: Element): Preview {
  const out: Preview = { problem: null, warning: null, matches: [], containers: [], values: [] };
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

/** "4 matches — Duke 200 · 78990 INR · KTM" (values of the first match). */
export function summary(p: Preview): string {
  const n = p.matches.length;
  const head = `${n} match${n === 1 ? '' : 'es'}`;
  const first = p.values[0] || [];
  return first.length ? `${head} — ${first.join(' · ')}` : head;
}
