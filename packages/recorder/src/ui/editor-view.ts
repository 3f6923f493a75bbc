/**
 * The form for one definition: what was picked, name, id (follows the name until edited),
 * selector, container, url glob, the fields, the preview, Save and Cancel.
 */
import type { Draft } from '../draft/draft';
import type { Preview } from '../preview/preview';
import { FieldsView, type FieldsHandlers } from './fields-view';
import { h, show } from './h';
import { PreviewView } from './preview-view';

export interface EditorHandlers extends FieldsHandlers {
  input(patch: Partial<Pick<Draft, 'name' | 'id' | 'selector' | 'container' | 'url'>>): void;
  save(): void;
  cancel(): void;
}

type TextKey = 'name' | 'id' | 'selector' | 'container' | 'url';

export class EditorView {
  readonly el: HTMLElement;
  readonly fields: FieldsView;
  readonly preview = new PreviewView();
  private inputs = {} as Record<TextKey, HTMLInputElement>;
  private picked = h('p', { 'data-al': 'picked' });
  private heading = h('h3', { 'data-al': 'editor-title' });
  private saveButton: HTMLButtonElement;

  constructor(on: EditorHandlers) {
    this.fields = new FieldsView(on);
    const field = (key: TextKey, label: string, placeholder: string, text = false) => {
      const input = h('input', { 'data-al': key, class: text ? 'text' : '', placeholder, spellcheck: 'false', autocomplete: 'off' });
      input.addEventListener('input', () => on.input({ [key]: input.value }));
      this.inputs[key] = input;
      return h('label', {}, label, input);
    };
    this.saveButton = h('button', { type: 'button', class: 'primary', 'data-al': 'save', onclick: () => on.save() }, 'Save');
    this.el = h(
      'section',
      { 'data-al': 'editor' },
      this.heading,
      this.picked,
      field('name', 'Action name', 'Product clicked', true),
      h('div', { class: 'pair' }, field('id', 'Id', 'product-clicked'), field('url', 'Pages (glob; optional)', '/products/*')),
      field('selector', 'Selector (what a click must hit)', '.product-card button.buy'),
      field('container', 'Container (holds the fields; optional)', '.product-card'),
      this.fields.el,
      this.preview.el,
      h('div', { class: 'row' }, this.saveButton, h('button', { type: 'button', 'data-al': 'cancel', onclick: () => on.cancel() }, 'Cancel')),
    );
  }

  /** Fills the inputs from a draft (after a pick, or when a saved definition is loaded). */
  load(d: Draft, picked: string): void {
    for (const key of Object.keys(this.inputs) as TextKey[]) this.inputs[key].value = d[key];
    this.heading.textContent = d.original ? `Edit “${d.name}”` : 'New action';
    this.picked.textContent = picked;
    show(this.picked, !!picked);
  }

  /** The id follows the name; only that input is rewritten while the marketer types. */
  setId(id: string): void {
    if (this.inputs.id.value !== id) this.inputs.id.value = id;
  }

  focusName(): void {
    this.inputs.name.focus();
  }

  render(p: Preview, formProblem: string | null, saving: boolean): void {
    this.preview.render(p, formProblem);
    this.saveButton.disabled = saving || !!(p.problem || formProblem);
  }
}
