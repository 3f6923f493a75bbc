/**
 * The form for one definition: what was picked, name, id (follows the name until edited),
 * selector, container, url glob, the fields, the preview, Save and Cancel. Why the form cannot
 * be saved ("Name the action …") shows once the marketer has typed in it: a form just opened is
 * not wrong, only not filled in yet (Save stays disabled, and the status line says what to do).
 */
import type { Draft } from '../draft/draft';
import type { EditorPort, Step } from '../edit/ports';
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

export class EditorView implements EditorPort {
  readonly el: HTMLElement;
  readonly fields: FieldsView;
  readonly preview = new PreviewView();
  private inputs = {} as Record<TextKey, HTMLInputElement>;
  private picked = h('p', { 'data-al': 'picked' });
  private heading = h('h3', { 'data-al': 'editor-title' });
  private saveButton: HTMLButtonElement;
  private conversion: HTMLInputElement;
  private containerButton: HTMLButtonElement;
  /** the marketer typed in the form since it was loaded: its problems are theirs to see now */
  private touched = false;
  /** the field warnings the marketer was shown when pressing Save (a second press saves) */
  private warned = '';

  constructor(on: EditorHandlers) {
    this.fields = new FieldsView(on);
    const field = (key: TextKey, label: string, placeholder: string, text = false) => {
      const input = h('input', { 'data-al': key, class: text ? 'text' : '', placeholder, spellcheck: 'false', autocomplete: 'off' });
      input.addEventListener('input', () => {
        this.touched = true;
        on.input({ [key]: input.value });
      });
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
    this.touched = !!d.original || !!d.name;
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

  /**
   * Save was pressed while these mapped fields look wrong: true when saving may go on (none look
   * wrong, or the marketer was shown these and pressed "Save anyway"); false the first time.
   */
  confirmSave(warnings: string[]): boolean {
    const key = warnings.join('\n');
    if (!warnings.length || key === this.warned) return true;
    this.warned = key;
    this.saveButton.textContent = 'Save anyway';
    return false;
  }

  /** A new start: Save asks again about fields that look wrong. */
  resetSave(): void {
    this.warned = '';
    this.saveButton.textContent = 'Save';
  }

  /** The id follows the name; only that input is rewritten while the marketer types. */
  setId(id: string): void {
    if (this.inputs.id.value !== id) this.inputs.id.value = id;
  }

  focusName(): void {
    this.inputs.name.focus();
  }

  render(p: Preview, formProblem: string | null, saving: boolean): void {
    this.preview.render(p, this.touched ? formProblem : null);
    this.saveButton.disabled = saving || !!(p.problem || formProblem);
  }
}
