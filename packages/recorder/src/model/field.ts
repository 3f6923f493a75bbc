/**
 * The field value for a click inside the container (contract §2 field forms): a selector relative
 * to the container that finds the corresponding field in every item of the list, `sel::text` for
 * text the element holds beside its children's, `sel@data-x` for an element without text, and
 * `@data-x` / `:scope` for the container itself. A price prefers the amount not struck through.
 */
import { all, fieldElement, readValue } from '@actionlake/sdk';
import { innerCandidates } from './candidates';
import { esc, structuralPath, tagOf, usable } from './dom';
import { groupOf } from './group';
import { stableClasses } from './stable';
import { clickedText, isStruck, unstruckPrice } from './text';

export interface FieldClick {
  /** the text node under the pointer, if any */
  text?: Text | null;
  /** the field is a price: prefer the amount not struck through */
  price?: boolean;
}

/** The field value for a click on `field` inside `container`. */
export function fieldSelector(field: Element, container: Element, click: FieldClick = {}): string {
  let t = clickedText(field, click.text);
  if (click.price) t = unstruckPrice(t, container);
  const rel = relative(t.el, container);
  if (t.own) return rel + '::text';
  if (!rel) {
    const a = dataAttr(container);
    return a ? '@' + a : ':scope';
  }
  if (readValue(container, rel) === undefined) {
    const a = dataAttr(t.el);
    if (a) return rel + '@' + a;
  }
  return rel;
}

/**
 * A selector for `field` relative to `container` (for querySelector on it) that finds the
 * corresponding field in every item of the list; '' for the container itself. Where items hold
 * struck-through elements, a candidate also tries skipping them (`.amount:not(del, del *)`).
 */
function relative(field: Element, container: Element): string {
  if (field === container) return '';
  const group = groupOf(container).filter((g) => g !== container);
  const doc = container.ownerDocument;
  const want = kind(field);
  const skip = isStruck(field) ? '' : notStruck([container, ...group]);
  let best: { rel: string; coverage: number; unique: boolean } | null = null;
  for (const i of innerCandidates(field, container, group.length > 0)) {
    for (const rel of skip ? [i.rel, i.rel + skip] : [i.rel]) {
      if (!usable(rel, doc) || fieldElement(container, rel) !== field) continue;
      const coverage = group.filter((g) => {
        const r = fieldElement(g, rel);
        return r !== null && r !== g && kind(r) === want;
      }).length;
      const unique = all(container, rel).length === 1;
      if (!best || coverage > best.coverage || (coverage === best.coverage && unique && !best.unique)) best = { rel, coverage, unique };
      if (coverage === group.length && unique) return rel;
    }
  }
  if (best) return best.rel;
  const path = ':scope > ' + structuralPath(field, container).join(' > ');
  return usable(path, doc) ? path : '';
}

/** items looked at for struck-through elements (each costs a computed style per element) */
const STRUCK_ITEMS = 20;

/** `:not(del, del *, .old, .old *)` for the struck-through elements in the items, or ''. */
function notStruck(items: Element[]): string {
  const parts: string[] = [];
  for (const item of items.slice(0, STRUCK_ITEMS)) {
    for (const e of all(item, '*')) {
      if (!isStruck(e)) continue;
      const c = stableClasses(e)[0];
      const sel = /^(DEL|S|STRIKE)$/.test(e.tagName) || !c ? tagOf(e) : '.' + esc(c);
      if (parts.indexOf(sel) < 0) parts.push(sel);
    }
  }
  return parts.length ? `:not(${parts.map((p) => `${p}, ${p} *`).join(', ')})` : '';
}

function dataAttr(el: Element): string | null {
  for (const a of Array.prototype.slice.call(el.attributes) as Attr[]) if (/^data-[a-z0-9_-]+$/i.test(a.name)) return a.name;
  return null;
}

/** Tag and stable classes: what a corresponding field in another container looks like. */
function kind(el: Element): string {
  return tagOf(el) + '.' + stableClasses(el).sort().join('.');
}
