/**
 * Test mode: the event sdk.js would send for a click on `el`, decided by the same code the SDK
 * runs (matchAction over the saved definitions, readFields, describeElement), or null when the
 * SDK would send nothing.
 */
import { describeElement, matchAction, readFields, type ActionDefinition, type WireEvent } from '@actionlake/sdk';

/** what autocapture counts as clickable (sdk.js dom/element.ts) */
const CLICKABLE = 'a,button,[role=button],input[type=submit],input[type=button]';

export type ClickEvent = Pick<WireEvent, 'action' | 'action_type' | 'element' | 'products' | 'attributes'>;

export interface ClickResult {
  event: ClickEvent | null;
  /** the definition that matched, if any */
  definition: ActionDefinition | null;
  /** the element the event describes */
  el: Element | null;
}

export function clickEvent(defs: ActionDefinition[], el: Element, path: string, autocapture: boolean): ClickResult {
  const m = defs.length ? matchAction(defs, el, path) : null;
  if (m) {
    const event: ClickEvent = { action: m.def.name, action_type: 'click', element: describeElement(m.el), ...readFields(m.def, m.el) };
    return { event, definition: m.def, el: m.el };
  }
  const target = autocapture ? el.closest(CLICKABLE) : null;
  if (!target) return { event: null, definition: null, el: null };
  return { event: { action: 'Element clicked', action_type: 'click', element: describeElement(target) }, definition: null, el: target };
}

/** Whether the page's sdk.js tag has autocapture on (it is unless data-autocapture="off"). */
export function autocaptureOn(doc: Document): boolean {
  const tag = doc.querySelector('script[src*="sdk.js"][data-site]');
  return !tag || tag.getAttribute('data-autocapture') !== 'off';
}
