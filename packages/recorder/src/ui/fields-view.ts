/**
 * Product fields and attributes of the draft: one button per product field and a free-named
 * attribute; pressing one arms mapping (the next click inside the container maps it). Each
 * mapped field shows its selector (editable), the value read from the picked container, and,
 * when it looks wrong, the better element offered in one click.
 */
import { ACTION_FIELD_KEY_PATTERN } from '@actionlake/schema';
import { PRODUCT_KEYS, type FieldGroup } from '../draft/draft';
import type { FieldRow, FieldsPort } from '../edit/ports';
import { fill, h, show } from './h';

export interface FieldsHandlers {
  arm(group: FieldGroup, key: string): void;
  edit(group: FieldGroup, key: string, selector: string): void;
  remove(group: FieldGroup, key: string): void;
  /** take the element offered for the field instead of the mapped one */
  suggest(group: FieldGroup, key: string): void;
  /** a problem to show (e.g. an attribute name the collector refuses) */
  problem(message: string): void;
}

export class FieldsView implements FieldsPort {
  readonly el: HTMLElement;
  private buttons: Record<string, HTMLButtonElement> = {};
  private list: HTMLElement;
  private values: Record<string, { value: HTMLElement; offer: HTMLButtonElement }> = {};
  private attrName: HTMLInputElement;

  constructor(private on: FieldsHandlers) {
    const buttons = PRODUCT_KEYS.map((key) => {
      const b = h('button', { type: 'button', 'data-al': 'map-' + key, onclick: () => on.arm('product', key) }, key);
      this.buttons['product:' + key] = b;
      return b;
    });
    this.attrName = h('input', { class: 'text', 'data-al': 'attr-name', placeholder: 'attribute name, e.g. plan' });
    const addAttr = h('button', { type: 'button', 'data-al': 'map-attr', onclick: () => this.armAttribute() }, 'Add attribute');
    this.buttons.attr = addAttr;
    this.list = h('ul', { class: 'plain', 'data-al': 'fields' });
    this.el = h(
      'div',
      {},
      h('h3', {}, 'Fields'),
      h('p', { class: 'muted' }, 'Press a field, then click its value inside the dashed container.'),
      h('div', { class: 'row' }, ...buttons),
      h('div', { class: 'row' }, this.attrName, addAttr),
      this.list,
    );
  }

  /** The field waiting for a click, or null. */
  armed(group: FieldGroup | null, key: string | null): void {
    for (const id of Object.keys(this.buttons)) this.buttons[id].classList.remove('on');
    if (!group || !key) return;
    const b = group === 'product' ? this.buttons['product:' + key] : this.buttons.attr;
    if (b) b.classList.add('on');
  }

  render(rows: FieldRow[]): void {
    this.values = {};
    fill(this.list, ...rows.map((r) => this.row(r)));
    if (!rows.length) this.list.appendChild(h('li', { class: 'muted' }, 'No fields mapped yet.'));
  }

  /** Updates the shown values and offers without rebuilding the inputs (keeps focus while typing). */
  update(rows: FieldRow[]): void {
    for (const r of rows) {
      const v = this.values[r.group + ':' + r.key];
      if (!v) continue;
      v.value.textContent = display(r.value);
      offer(v.offer, r.suggestion);
    }
  }

  private row(r: FieldRow): HTMLElement {
    const id = r.group + ':' + r.key;
    const label = r.group === 'product' ? r.key : 'attribute ' + r.key;
    const input = h('input', { value: r.selector, 'aria-label': label + ' selector', oninput: () => this.on.edit(r.group, r.key, input.value) });
    const value = h('div', { class: 'value', 'data-al': 'value' }, display(r.value));
    const better = h('button', { type: 'button', class: 'suggest', 'data-al': 'suggest', onclick: () => this.on.suggest(r.group, r.key) });
    offer(better, r.suggestion);
    this.values[id] = { value, offer: better };
    return h(
      'li',
      { 'data-al': 'field-' + (r.group === 'product' ? r.key : 'attr-' + r.key) },
      h('div', { class: 'field' }, h('b', { title: label }, r.group === 'product' ? r.key : '@' + r.key), input,
        h('button', { type: 'button', title: 'Remove ' + label, 'data-al': 'unmap', onclick: () => this.on.remove(r.group, r.key) }, '×')),
      value,
      better,
    );
  }

  private armAttribute(): void {
    const key = this.attrName.value.trim();
    if (!ACTION_FIELD_KEY_PATTERN.test(key)) {
      this.on.problem('Name the attribute first: letters, digits, spaces, - or _ (up to 64).');
      return;
    }
    this.on.arm('attributes', key);
  }
}

/** "Use ‘Diagonal Textured Cap’ (h6) instead?", or hidden when the field looks right. */
function offer(button: HTMLButtonElement, suggestion: string | undefined): void {
  button.textContent = suggestion ? `Use ${suggestion} instead?` : '';
  show(button, !!suggestion);
}

function display(v: string | undefined): string {
  return v === undefined ? '(nothing in the picked container)' : '= ' + v;
}
