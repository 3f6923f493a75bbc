/**
 * Test mode: the event sdk.js would send for the last click on the page, as a marketer checks it:
 * the action first, then each product (name, price and currency first, then its other fields),
 * the attributes and the element; the event as sent (JSON) is one click away, folded.
 */
import type { ClickResult, Product } from '@actionlake/sdk';
import { fill, h, show } from './h';

/** Product fields in the order a marketer checks them; the others follow as they come. */
const FIRST: (keyof Product)[] = ['name', 'price', 'brand', 'id', 'category', 'variant', 'quantity'];

export class TestView {
  readonly el: HTMLElement;
  private summary = h('p', { 'data-al': 'test-summary' }, 'Click anything on the page.');
  private action = h('p', { class: 'test-action', 'data-al': 'test-action' });
  private fields = h('ul', { class: 'plain test-fields', 'data-al': 'test-fields' });
  private json = h('pre', { 'data-al': 'event' });
  private folded = h('details', { 'data-al': 'event-json' }, h('summary', {}, 'The event as sent (JSON)'), this.json);

  constructor() {
    this.el = h('section', { 'data-al': 'test-view' }, h('h3', {}, 'Test mode'), this.summary, this.action, this.fields, this.folded);
  }

  /** Before any click. */
  reset(): void {
    this.summary.textContent = 'Click anything on the page: nothing is sent, the event the SDK would send is shown here.';
    this.render(null);
  }

  /** The SDK's clickEvent() for the last click: null when it sends nothing. */
  show(r: ClickResult | null): void {
    this.summary.textContent = r
      ? r.def
        ? `Matches “${r.def.name}” (${r.def.id}): the SDK sends`
        : 'Matches no saved action: autocapture sends'
      : 'The SDK sends nothing for this click (not clickable, and no saved action matches).';
    this.render(r);
  }

  private render(r: ClickResult | null): void {
    const e = r && r.event;
    this.action.textContent = e ? e.action : '';
    fill(this.fields, ...(e ? [...(e.products || []).map(productRow), ...attributeRows(e.attributes), elementRow(e.element)] : []));
    this.json.textContent = e ? JSON.stringify(e, null, 2) : '';
    this.folded.open = false;
    for (const el of [this.action, this.fields, this.folded]) show(el, !!e);
  }
}

/** `Classic 350 · 193080 INR · brand Royal Enfield · id re-classic-350` */
function productRow(p: Product): HTMLElement {
  const parts: (string | HTMLElement)[] = [];
  const keys = [...FIRST, ...(Object.keys(p) as (keyof Product)[]).filter((k) => FIRST.indexOf(k) < 0)];
  for (const key of keys) {
    const v = p[key];
    if (v === undefined || key === 'currency') continue;
    if (key === 'name') parts.push(h('b', {}, String(v)));
    else if (key === 'price') parts.push(p.currency ? `${v} ${p.currency}` : `price ${v}`);
    else if (key === 'traits') for (const [t, tv] of Object.entries(p.traits || {})) parts.push(`${t} ${tv}`);
    else parts.push(`${key} ${v}`);
  }
  const li = h('li', { 'data-al': 'test-product' }, 'Product: ');
  parts.forEach((part, i) => li.append(...(i ? [' · ', part] : [part])));
  return li;
}

function attributeRows(a: Record<string, unknown> | undefined): HTMLElement[] {
  return Object.keys(a || {}).map((k) => h('li', { 'data-al': 'test-attribute' }, `Attribute ${k}: ${a![k]}`));
}

function elementRow(el: ClickResult['event']['element']): HTMLElement {
  return h('li', { class: 'muted', 'data-al': 'test-element' }, `Element: ${el.tag || '?'}${el.text ? ` “${el.text}”` : ''}`);
}
