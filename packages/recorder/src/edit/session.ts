/**
 * One definition being edited: started from a picked element (the model's proposal) or from a
 * saved definition, changed by the form and by field-mapping clicks, previewed on every change
 * with the SDK's own matching and reading code. A mapped field that reads the action's own text,
 * or one text in every item, is offered a better element (model/suggest.ts). It fills the form and
 * draws over the page through the ports of ./ports.ts, never through ui/ itself.
 */
import { containerOf, readValue, type ActionDefinition } from '@actionlake/sdk';
import { emptyDraft, formProblem, fromDefinition, toDefinition, withName, type Draft, type FieldGroup } from '../draft/draft';
import { fieldSelector, propose } from '../model/propose';
import { describeSuggestion, suggestField, type Suggestion } from '../model/suggest';
import { previewOf, type Preview } from '../preview/preview';
import type { EditorPort, FieldRow, Highlight, Step } from './ports';

export type { Step } from './ports';

export class EditSession {
  draft: Draft = emptyDraft();
  armed: { group: FieldGroup; key: string } | null = null;
  preview: Preview | null = null;
  /** the next page click picks the container (the model was unsure, or wrong) */
  choosingContainer = false;
  /** what a step moves: the picked element, or the field mapped last */
  private focus: { el: Element; field?: { group: FieldGroup; key: string } } | null = null;
  /** the container the marketer picked, kept across steps */
  private chosen: Element | null = null;
  /** the better element offered for each field that looks wrong, by `group:key` */
  private offers = new Map<string, Suggestion>();

  constructor(
    private view: EditorPort,
    private overlay: Highlight,
    private host: Element,
    private savedIds: () => string[],
  ) {}

  /** A new definition from the element the marketer clicked (`keep`: the name and id typed so far). */
  pick(el: Element, keep = false): void {
    const p = propose(el, this.chosen);
    const d = this.draft;
    this.draft = { ...emptyDraft(), selector: p.selector, container: p.containerSelector || '', fallback: p.fallback, anchor: el };
    if (keep) this.draft = { ...this.draft, name: d.name, id: d.id, idEdited: d.idEdited, url: d.url, conversion: d.conversion };
    this.armed = null;
    this.focus = { el };
    this.view.load(this.draft, 'Picked: ' + label(el));
    this.fieldsChanged();
  }

  /** The next page click picks the container the fields live in (Esc or pressing again: cancel). */
  chooseContainer(on: boolean): void {
    this.choosingContainer = on;
    if (on) this.arm(null);
  }

  /** The marketer picked the container: propose again inside it, keeping name and id. */
  containerClick(el: Element): string | null {
    this.choosingContainer = false;
    const anchor = this.draft.anchor;
    if (!anchor || !anchor.isConnected) return 'Pick the element visitors click first.';
    if (el === anchor || !el.contains(anchor)) return 'The container must hold the picked element (click around it, e.g. the card).';
    this.chosen = el;
    this.pick(anchor, true);
    return null;
  }

  /**
   * Moves the picked element, or the field mapped last, to its parent, first child or a sibling:
   * when the page shows other content under the pointer (a hover swap), the marketer can still
   * reach the element they mean. Returns what is picked now, or null when there is nowhere to go.
   */
  step(dir: Step): Element | null {
    const f = this.focus;
    if (!f || !f.el.isConnected) return null;
    const to = dir === 'parent' ? f.el.parentElement : dir === 'child' ? f.el.firstElementChild : dir === 'next' ? f.el.nextElementSibling : f.el.previousElementSibling;
    if (!to || /^(BODY|HTML)$/.test(to.tagName)) return null;
    if (!f.field) {
      this.pick(to, true);
      return to;
    }
    const box = this.box();
    if (!box || !box.contains(to)) return null;
    this.setField(f.field.group, f.field.key, fieldSelector(to, box, { price: f.field.key === 'price' }));
    this.focus = { el: to, field: f.field };
    this.view.setPicked(`${f.field.key}: ${label(to)}`);
    this.fieldsChanged();
    return to;
  }

  /** A saved definition loaded for editing; fields are read from its first match on this page. */
  load(def: ActionDefinition): void {
    this.draft = fromDefinition(def);
    this.armed = null;
    const first = previewOf(def, document, location.pathname, this.host).matches[0];
    this.draft.anchor = first || null;
    this.focus = null;
    this.chosen = null;
    this.view.load(this.draft, first ? 'First match: ' + label(first) : 'Nothing on this page matches it.');
    this.fieldsChanged();
  }

  input(patch: Partial<Pick<Draft, 'name' | 'id' | 'selector' | 'container' | 'url' | 'conversion'>>): void {
    if (patch.conversion !== undefined) this.draft = { ...this.draft, conversion: patch.conversion };
    if (patch.name !== undefined) {
      this.draft = withName(this.draft, patch.name);
      this.view.setId(this.draft.id);
    }
    if (patch.id !== undefined) this.draft = { ...this.draft, id: patch.id, idEdited: patch.id.trim() !== '' };
    for (const key of ['selector', 'container', 'url'] as const) if (patch[key] !== undefined) this.draft = { ...this.draft, [key]: patch[key] };
    this.refresh();
  }

  /** Arms a field (pressing the armed one again disarms it; null: disarm). */
  arm(group: FieldGroup | null, key = ''): void {
    const same = !group || (this.armed && this.armed.group === group && this.armed.key === key);
    this.armed = same ? null : { group: group!, key };
    if (this.armed) this.choosingContainer = false;
    this.view.fields.armed(this.armed && this.armed.group, this.armed && this.armed.key);
  }

  /** Maps the armed field to the clicked `el` (`text`: the text node under the pointer); returns a problem to show, or null when mapped. */
  mapClick(el: Element, text: Text | null = null): string | null {
    const armed = this.armed;
    if (!armed) return null;
    const box = this.box();
    if (!box) return 'Nothing on this page matches the selector, so there is no container to map fields in.';
    if (!box.contains(el)) return 'That element is outside the container (the dashed box). Click inside it, or press “Pick container” to choose a larger one.';
    this.setField(armed.group, armed.key, fieldSelector(el, box, { text, price: armed.group === 'product' && armed.key === 'price' }));
    this.focus = { el, field: armed };
    this.view.setPicked(`${armed.key}: ${label(el)}`);
    this.arm(armed.group, armed.key);
    this.fieldsChanged();
    return null;
  }

  /** The marketer takes the element offered for a field ("Use ‘Diagonal Textured Cap’ (h6) instead?"). */
  takeSuggestion(group: FieldGroup, key: string): void {
    const offer = this.offers.get(group + ':' + key);
    if (!offer || !offer.el.isConnected) return;
    this.setField(group, key, offer.field);
    this.focus = { el: offer.el, field: { group, key } };
    this.view.setPicked(`${key}: ${label(offer.el)}`);
    this.fieldsChanged();
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
    const p = previewOf(def, document, location.pathname, this.host, this.draft.anchor);
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

  /** The mapped fields with what each reads in the picked container, and the offers for wrong-looking ones. */
  private rows(): FieldRow[] {
    const box = this.box();
    const p = this.preview;
    const action = p && !p.problem ? p.matches[p.picked] || null : null;
    const rows: FieldRow[] = [];
    this.offers.clear();
    for (const group of ['product', 'attributes'] as FieldGroup[]) {
      for (const key of Object.keys(this.draft[group])) {
        const selector = this.draft[group][key];
        let value: string | undefined;
        try {
          value = box ? readValue(box, selector) : undefined;
        } catch {
          value = undefined;
        }
        const offer = box && action ? suggestField(key, selector, box, p!.containers, action) : null;
        if (offer) this.offers.set(group + ':' + key, offer);
        rows.push({ group, key, selector, value, suggestion: offer ? describeSuggestion(offer) : undefined });
      }
    }
    return rows;
  }
}

/** `button.buy “Add to cart”` */
export function label(el: Element): string {
  const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2);
  const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return el.tagName.toLowerCase() + (cls.length ? '.' + cls.join('.') : '') + (text ? ` “${text}”` : '');
}
