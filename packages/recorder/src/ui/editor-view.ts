/**
 * The form for one definition: what was picked, name, id (follows the name until edited),
 * selector, container, url glob, the fields, the preview, Save and Cancel.
 */
import type { Draft } from '../draft/draft';
import type { Step } from '../edit/session';
import type { Preview } from '../preview/preview';
import { FieldsView, type FieldsHandlers } from './fields-view';
import { h, show } from './h';
import { PreviewView } from './preview-view';

export interface EditorHandlers extends FieldsHandlers {
  input(patch: Partial<Pick<Draft, 'name' | 'id' | 'selector' | 'container' | 'url' | 'conversion'>>): void;
  /** move the picked element (or the field mapped last) to its parent / first child / a sibling */
  step(dir: Step): void;
  /** the next page click picks the container */
  chooseContainer(): void;
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
  private conversion: HTMLInputElement;
  private containerButton: HTMLButtonElement;

  constructor(on: EditorHandlers) {
    this.fields = new FieldsView(on);
    const field = (key: TextKey, label: string, placeholder: string, text = false) => {
      const input = h('input', { 'data-al': key, class: text ? 'text' : '', placeholder, spellcheck: 'false', autocomplete: 'off' });
      input.addEventListener('input', () => on.input({ [key]: input.value }));
      this.inputs[key] = input;
      return h('label', {}, label, input);
    };
    this.saveButton = h('button', { type: 'button', class: 'primary', 'data-al': 'save', onclick: () => on.save() }, 'Save');
    const step = (dir: Step, text: string, title: string) => h('button', { type: 'button', 'data-al': 'step-' + dir, title: title + ' (Alt+' + text + ')', onclick: () => on.step(dir) }, text);
    const steps = h('div', { class: 'row steps' }, h('span', { class: 'muted' }, 'Move to:'),
      step('parent', '↑', 'The parent of the picked element'), step('child', '↓', 'Its first child'),
      step('prev', '←', 'Its previous sibling'), step('next', '→', 'Its next sibling'));
    this.conversion = h('input', { type: 'checkbox', 'data-al': 'conversion', onchange: () => on.input({ conversion: this.conversion.checked }) });
    this.containerButton = h('button', { type: 'button', 'data-al': 'pick-container', title: 'Click the element around the picked one that holds its fields (e.g. the product card)', onclick: () => on.chooseContainer() }, 'Pick container');
    this.el = h(
      'section',
      { 'data-al': 'editor' },
      this.heading,
      this.picked,
      steps,
      field('name', 'Action name', 'Product clicked', true),
      h('label', { class: 'check' }, this.conversion, 'Counts as a conversion'),
      h('div', { class: 'pair' }, field('id', 'Id', 'product-clicked'), field('url', 'Pages (glob; optional)', '/products/*')),
      field('selector', 'Selector (what a click must hit)', '.product-card button.buy'),
      field('container', 'Container (holds the fields; optional)', '.product-card'),
      h('div', { class: 'row' }, this.containerButton),
      this.fields.el,
      this.preview.el,
      h('div', { class: 'row' }, this.saveButton, h('button', { type: 'button', 'data-al': 'cancel', onclick: () => on.cancel() }, 'Cancel')),
    );
  }

  /** Fills the inputs from a draft (after a pick, or when a saved definition is loaded). */
  load(d: Draft, picked: string): void {
    for (const key of Object.keys(this.inputs) as TextKey[]) this.inputs[key].value = d[key];
    this.heading.textContent = d.original ? `Edit “${d.name}”` : 'New action';
    this.conversion.checked = d.conversion;
    this.setPicked(picked);
  }

  /** What is picked now (the element's tag, classes and text): after a pick, a step or a field click. */
  setPicked(text: string): void {
    this.picked.textContent = text;
    show(this.picked, !!text);
  }

  /** "Pick container" is on while the next page click picks the container. */
  choosing(on: boolean): void {
    this.containerButton.classList.toggle('on', on);
  }

  /** Save's label: "Save anyway" once the marketer was warned. */
  saveLabel(text: string): void {
    this.saveButton.textContent = text;
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
