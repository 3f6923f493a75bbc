/** Small DOM helpers for the recorder model: safe querying, escaping, text as the SDK reads it. */

/** What a click is about: the same list the SDK's autocapture uses. */
export const CLICKABLE = 'a,button,[role=button],input[type=submit],input[type=button]';

/** Longest selector the model returns (the collector rejects longer ones). */
export const MAX_SELECTOR = 1024;

const MAX_TEXT = 200;
const SCAN_TEXT = 1000;

/** The element a click on `el` is about: its nearest clickable ancestor (or itself), else `el`. */
export function resolveTarget(el: Element): Element {
  const c = el.closest(CLICKABLE);
  return c && !isRoot(c) ? c : el;
}

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

/** Every match of `sel` in document order; [] when it does not parse. */
export function qsa(root: ParentNode, sel: string): Element[] {
  try {
    return Array.prototype.slice.call(root.querySelectorAll(sel));
  } catch {
    return [];
  }
}

export function parses(doc: Document, sel: string): boolean {
  try {
    doc.querySelectorAll(sel);
    return sel.length > 0 && sel.length <= MAX_SELECTOR;
  } catch {
    return false;
  }
}

export function safeMatches(el: Element, sel: string): boolean {
  try {
    return el.matches(sel);
  } catch {
    return false;
  }
}

/** What the SDK reads for a field selector: the box itself when it matches, else its first match. */
export function resolveIn(box: Element, sel: string): Element | null {
  if (!sel) return box;
  if (safeMatches(box, sel)) return box;
  try {
    return box.querySelector(sel);
  } catch {
    return null;
  }
}

export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Text exactly as the SDK compares it for a fallback (collapsed, ≤ 200 chars); '' for inputs. */
export function textOf(el: Element): string {
  if (/^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)) return '';
  return collapse((el.textContent || '').trimStart().slice(0, SCAN_TEXT)).slice(0, MAX_TEXT);
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
