/** Small DOM helpers for the recorder model: escaping, parsing, structural paths (querying and text: the SDK's own all / elementText). */

/** Longest selector the model returns (the collector rejects longer ones). */
export const MAX_SELECTOR = 1024;

export function isRoot(el: Element): boolean {
  const t = el.tagName.toLowerCase();
  return t === 'body' || t === 'html';
}

export function tagOf(el: Element): string {
  return el.tagName.toLowerCase();
}

/** CSS.escape when present (browsers; tests load a polyfill), else a conservative escape. */
export function esc(s: string): string {
  const css = (globalThis as { CSS?: { escape?: (v: string) => string } }).CSS;
  if (css && typeof css.escape === 'function') return css.escape(s);
  return s.replace(/^(\d)/, '\\3$1 ').replace(/[^\w-]/g, (c) => '\\' + c);
}

/** A double-quoted attribute value. */
export function quote(v: string): string {
  return '"' + v.replace(/["\\]/g, '\\$&') + '"';
}

/**
 * Whether `sel` parses as CSS in this browser: checked on an empty fragment, so no document is
 * scanned (the model tries many candidates). The preview checks what the marketer typed with it too.
 */
export function parses(sel: string, doc: Document = document): boolean {
  try {
    doc.createDocumentFragment().querySelector(sel);
    return true;
  } catch {
    return false;
  }
}

/** A selector the model may propose: it parses and the collector accepts its length. */
export function usable(sel: string, doc: Document): boolean {
  return sel.length > 0 && sel.length <= MAX_SELECTOR && parses(sel, doc);
}

/** 1-based index among same-tag element siblings, or 0 when it is the only one of its tag. */
export function typeIndex(el: Element): number {
  const parent = el.parentElement;
  if (!parent) return 0;
  let i = 0;
  let at = 0;
  for (let c = parent.firstElementChild; c; c = c.nextElementSibling) {
    if (c.tagName === el.tagName) {
      i++;
      if (c === el) at = i;
    }
  }
  return i > 1 ? at : 0;
}

/** `tag` or `tag:nth-of-type(n)` when siblings share the tag. */
export function structuralStep(el: Element): string {
  const n = typeIndex(el);
  return n ? `${tagOf(el)}:nth-of-type(${n})` : tagOf(el);
}

/** Ancestors of `el` strictly below `top`, nearest first ([] when el is top or a direct child). */
export function between(el: Element, top: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.parentElement; p && p !== top; p = p.parentElement) out.push(p);
  return out;
}

/** Structural steps from just below `top` down to `el`: ["td:nth-of-type(5)", "a"]. */
export function structuralPath(el: Element, top: Element): string[] {
  if (el === top) return [];
  return [...between(el, top).reverse(), el].map(structuralStep);
}
