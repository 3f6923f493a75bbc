/**
 * A better element for a mapped field that reads the wrong thing. A page can swap what is under
 * the pointer (a card hides its name under "+ Add To Cart" on hover), so the click that should map
 * the name lands on the button: the field then reads the action's own text, and the same text in
 * every item. The marketer is offered, in one click, the nearest element of the container whose
 * text differs from item to item ("Use ‘Diagonal Textured Cap’ (h6) instead?"). Nearest in the
 * tree: the element's own content first, then its siblings outward (the one before first: a name
 * usually comes before its button), then its parent's siblings, up to the container. Pure DOM.
 */
import { elementText, fieldElement, readValue, splitField } from '@actionlake/sdk';
import { fieldSelector } from './field';
import { structuralPath, tagOf, usable } from './dom';

export interface Suggestion {
  /** the element offered instead */
  el: Element;
  /** its field value (as fieldSelector gives it) */
  field: string;
  /** what it reads in the picked item */
  text: string;
}

/** Elements looked at, nearest first: each costs a field selector and a read of every item. */
export const SUGGEST_LOOKS = 40;

/** `‘Diagonal Textured Cap’ (h6)` */
export function describeSuggestion(s: Suggestion): string {
  return `‘${s.text}’ (${tagOf(s.el)})`;
}

/**
 * For the field `key` mapped as `field`: null when it looks right; else the nearest element in
 * `box` (the picked item's container) whose text differs per item, or null when there is none.
 * `boxes`: every match's container (box among them); `action`: the element visitors click in box.
 */
export function suggestField(key: string, field: string, box: Element, boxes: Element[], action: Element | null): Suggestion | null {
  const value = read(box, field);
  const actionText = action ? elementText(action) : '';
  if (!value || !(value === actionText || sameInAll(boxes, field))) return null;
  const from = fieldElement(box, splitField(field).selector);
  if (!from) return null;
  let looked = 0;
  for (const el of nearest(from, box)) {
    if (!hasOwnText(el) || (action && (action.contains(el) || el.contains(action)))) continue;
    if (++looked > SUGGEST_LOOKS) break;
    const own = elementText(el);
    if (own === value || own === actionText || !fits(key, own)) continue;
    // cheap first: the same place in every item reads one text (another shared label)
    const path = ':scope > ' + structuralPath(el, box).join(' > ');
    if (usable(path, el.ownerDocument) && sameInAll(boxes, path)) continue;
    const candidate = fieldSelector(el, box, { price: key === 'price' });
    const text = read(box, candidate);
    if (!text || text === value || text === actionText || !fits(key, text)) continue;
    if (boxes.length > 1 && (sameInAll(boxes, candidate) || mostlyEmpty(boxes, candidate))) continue;
    return { el, field: candidate, text };
  }
  return null;
}

/** A price holds a digit; a name a letter. */
function fits(key: string, text: string): boolean {
  if (key === 'price') return /\d/.test(text);
  if (key === 'name') return /\p{L}/u.test(text);
  return true;
}

function read(box: Element, field: string): string | undefined {
  try {
    return readValue(box, field);
  } catch {
    return undefined;
  }
}

function sameInAll(boxes: Element[], field: string): boolean {
  if (boxes.length < 2) return false;
  const first = read(boxes[0], field);
  return first !== undefined && boxes.every((b) => read(b, field) === first);
}

function mostlyEmpty(boxes: Element[], field: string): boolean {
  return boxes.filter((b) => read(b, field) === undefined).length * 2 > boxes.length;
}

/** Text of its own (a text node child with more than whitespace), beside any children's. */
function hasOwnText(el: Element): boolean {
  if (/^(SCRIPT|STYLE|TEMPLATE)$/.test(el.tagName)) return false;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 && /\S/.test(n.nodeValue || '')) return true;
  return false;
}

/** The elements of `box` by distance in the tree from `from`: its content, then siblings outward, then up. */
function* nearest(from: Element, box: Element): Generator<Element> {
  yield* below(from);
  for (let child = from, parent = from.parentElement; child !== box && parent && box.contains(parent); child = parent, parent = parent.parentElement) {
    const kids = Array.from(parent.children);
    const at = kids.indexOf(child);
    for (let d = 1; d < kids.length; d++) {
      for (const i of [at - d, at + d]) {
        const k = kids[i];
        if (!k) continue;
        yield k;
        yield* below(k);
      }
    }
  }
}

/** The elements under `el`, in document order. */
function* below(el: Element): Generator<Element> {
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
    yield c;
    yield* below(c);
  }
}
