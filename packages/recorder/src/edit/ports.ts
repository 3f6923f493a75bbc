/**
 * What an edit session needs of the screen, as types only: the form it fills (EditorPort, which
 * ui/editor-view.ts implements), the boxes it draws over the page (Highlight: ui/overlay.ts), the
 * rows of mapped fields it produces and the steps the marketer can take from a picked element.
 * They live here, beside the session, so that ui/ imports edit/ and never the other way round.
 */
import type { Draft, FieldGroup } from '../draft/draft';
import type { Preview } from '../preview/preview';

/** Where the picked element (or the last mapped field) moves: Alt+↑ ↓ ← → or the panel's arrows. */
export type Step = 'parent' | 'child' | 'prev' | 'next';

/** One mapped field as the form lists it. */
export interface FieldRow {
  group: FieldGroup;
  key: string;
  selector: string;
  /** what it reads in the picked container (undefined: nothing) */
  value: string | undefined;
  /** a better element offered in one click, `‘Diagonal Textured Cap’ (h6)`, when this one looks wrong */
  suggestion?: string;
}

/** The mapped fields' list: built, its values updated, the field waiting for a click shown. */
export interface FieldsPort {
  render(rows: FieldRow[]): void;
  update(rows: FieldRow[]): void;
  armed(group: FieldGroup | null, key: string | null): void;
}

/** The form of the definition being edited. */
export interface EditorPort {
  readonly fields: FieldsPort;
  /** fills the inputs from a draft (after a pick, or a saved definition loaded) */
  load(d: Draft, picked: string): void;
  /** what is picked now: after a pick, a step or a field click */
  setPicked(text: string): void;
  /** the id follows the name while the marketer types it */
  setId(id: string): void;
  render(p: Preview, formProblem: string | null, saving: boolean): void;
}

/** Boxes over the page: every match of the definition, and the container fields are mapped in. */
export interface Highlight {
  set(kind: 'match' | 'container', els: Element[]): void;
}
