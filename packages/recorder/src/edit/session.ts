/**
 * One definition being edited: started from a picked element (the model's proposal) or from a
 * saved definition, changed by the form and by field-mapping clicks, previewed on every change
 * with the SDK's own matching and reading code.
 */
import { containerOf, readValue, type ActionDefinition } from '@actionlake/sdk';
import { emptyDraft, formProblem, fromDefinition, toDefinition, withName, type Draft, type FieldGroup } from '../draft/draft';
import { fieldSelector, propose } from '../model/propose';
import { previewOf, type Preview } from '../preview/preview';
import type { EditorView } from '../ui/editor-view';
import type { FieldRow } from '../ui/fields-view';
import type { Overlay } from '../ui/overlay';

export class EditSession {
  draft: Draft = emptyDraft();
  armed: { group: FieldGroup; key: string } | null = null;
  preview: Preview | null = null;

  constructor(
    private view: EditorView,
    private overlay: Overlay,
    private host: Element,
    private savedIds: () => string[],
  ) {}

  /** A new definition from the element the marketer clicked. */
  pick(el: Element): void {
    const p = propose(el);
    this.draft = { ...emptyDraft(), selector: p.selector, container: p.containerSelector || '', fallback: p.fallback, anchor: el };
    this.armed = null;
    this.view.load(this.draft, 'Picked: ' + label(el));
    this.fieldsChanged();
  }

  /** A saved definition loaded for editing; fields are read from its first match on this page. */
  load(def: ActionDefinition): void {
    this.draft = fromDefinition(def);
    this.armed = null;
    const first = previewOf(def, document, location.pathname, this.host).matches[0];
    this.draft.anchor = first || null;
    this.view.load(this.draft, first ? 'First match: ' + label(first) : 'Nothing on this page matches it.');
    this.fieldsChanged();
  }

  input(patch: Partial<Pick<Draft, 'name' | 'id' | 'selector' | 'container' | 'url'>>): void {
    if (patch.name !== undefined) {
      this.draft = withName(this.draft, patch.name);
      this.view.setId(this.draft.id);
    }
    if (patch.id !== undefined) this.draft = { ...this.draft, id: patch.id, idEdited: patch.id.trim() !== '' };
    for (const key of ['selector', 'container', 'url'] as const) if (patch[key] !== undefined) this.draft = { ...this.draft, [key]: patch[key] };
    this.refresh();
  }

  /** Arms a field (pressing the armed one again disarms it). */
  arm(group: FieldGroup, key: string): void {
    const same = this.armed && this.armed.group === group && this.armed.key === key;
    this.armed = same ? null : { group, key };
    this.view.fields.armed(this.armed && this.armed.group, this.armed && this.armed.key);
  }

  /** Maps the armed field to `el`; returns a problem to show, or null when mapped. */
  mapClick(el: Element): string | null {
    const armed = this.armed;
    if (!armed) return null;
    const box = this.box();
    if (!box) return 'Nothing on this page matches the selector, so there is no container to map fields in.';
    if (!box.contains(el)) return 'That element is outside the container (the dashed box). Click inside it.';
    this.setField(armed.group, armed.key, selectorFor(el, box));
    this.arm(armed.group, armed.key);
    this.fieldsChanged();
    return null;
  }

  edit(group: FieldGroup, key: string, selector: string): void {
    this.setField(group, key, selector);
    this.refresh();
    this.view.fields.update(this.rows());
  }

  remove(group: FieldGroup, key: string): void {
    const map = { ...this.draft[group] };
    delete map[key];
    this.draft = { ...this.draft, [group]: map };
    this.fieldsChanged();
  }

  definition(): ActionDefinition {
    return toDefinition(this.draft);
  }

  /** Why Save is disabled, or null. */
  problem(): string | null {
    return (this.preview && this.preview.problem) || formProblem(this.draft);
  }

  refresh(saving = false): void {
    const def = this.definition();
    const p = previewOf(def, document, location.pathname, this.host);
    const id = def.id;
    if (!p.problem && !p.warning && id !== this.draft.original && this.savedIds().indexOf(id) >= 0) {
      p.warning = `An action with the id "${id}" is saved already: saving replaces it.`;
    }
    this.preview = p;
    this.view.render(p, formProblem(this.draft), saving);
    const box = this.box();
    this.overlay.set('match', p.matches);
    this.overlay.set('container', box ? [box] : []);
  }

  /** The container fields are mapped in: around the picked element (or the first match). */
  box(): Element | null {
    const anchor = this.draft.anchor;
    if (!anchor || !anchor.isConnected) return null;
    const def = this.definition();
    let hit: Element | null = null;
    try {
      hit = def.selector ? anchor.closest(def.selector) : null;
    } catch {
      hit = null;
    }
    return containerOf(def, hit || anchor);
  }

  private setField(group: FieldGroup, key: string, selector: string): void {
    this.draft = { ...this.draft, [group]: { ...this.draft[group], [key]: selector } };
  }

  private fieldsChanged(): void {
    this.refresh();
    this.view.fields.render(this.rows());
    this.view.fields.armed(this.armed && this.armed.group, this.armed && this.armed.key);
  }

  private rows(): FieldRow[] {
    const box = this.box();
    const rows: FieldRow[] = [];
    for (const group of ['product', 'attributes'] as FieldGroup[]) {
      for (const key of Object.keys(this.draft[group])) {
        const selector = this.draft[group][key];
        let value: string | undefined;
        try {
          value = box ? readValue(box, selector) : undefined;
        } catch {
          value = undefined;
        }
        rows.push({ group, key, selector, value });
      }
    }
    return rows;
  }
}

/**
 * The field value for a click on `el` inside `box`: its selector relative to the container; for
 * the container itself its first data-* attribute (else its own text, `:scope`); an element with
 * no text but a data-* attribute reads that attribute.
 */
export function selectorFor(el: Element, box: Element): string {
  const sel = fieldSelector(el, box);
  if (!sel) {
    const a = dataAttr(box);
    return a ? '@' + a : ':scope';
  }
  if (readValue(box, sel) === undefined) {
    const a = dataAttr(el);
    if (a) return sel + '@' + a;
  }
  return sel;
}

function dataAttr(el: Element): string | null {
  for (const a of Array.prototype.slice.call(el.attributes) as Attr[]) if (/^data-[a-z0-9_-]+$/i.test(a.name)) return a.name;
  return null;
}

/** `button.buy “Add to cart”` */
export function label(el: Element): string {
  const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2);
  const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return el.tagName.toLowerCase() + (cls.length ? '.' + cls.join('.') : '') + (text ? ` “${text}”` : '');
}
