/**
 * Tagged actions in a page: the site's action definitions (saved with the Action Recorder) turn a
 * click into a named action with its products and attributes; other clicks are `Element clicked`
 * (autocapture). The definitions come from localStorage at once (what the last page fetched) and
 * from the collector a task later; the reader of products and attributes (sdk-fields.js) loads
 * only when a definition maps some. Until the definitions are known on a first visit, and while
 * that reader loads, clicks wait (HOLD_CLICKS_MS at most, or until the page is hidden), so an
 * early "Add to cart" is still `Product clicked`, with its product.
 *
 * `use` is the one way definitions get applied: a set that changes while the page is open (the
 * recorder saving one) goes through it too.
 */
import type { ActionDefinition } from '@actionlake/schema';
import type { EventSpec } from './core/event';
import { type FieldReader, clickWith, hasFields, usableActions } from './dom/action';
import { guard } from './core/safe';

/** Longest wait of a click for the site's action definitions on a first visit (none cached), or for sdk-fields.js. */
export const HOLD_CLICKS_MS = 3_000;

export interface Tagged {
  /** A click on `el`: recorded now, or once the definitions (and the reader they need) are known. */
  click(el: Element): void;
  /** Records the clicks held so far and holds no more (the page is hidden, or the wait is over). */
  release(): void;
  /**
   * Applies a set of definitions. `fetched`: the collector answered (no more waiting for it);
   * `defs` undefined then: it could not be asked, the set in use stays.
   */
  use(defs: ActionDefinition[] | undefined, fetched?: boolean): void;
}

/** `fields` loads the reader; `autocapture`: whether clicks matching no definition are recorded. */
export const taggedActions = (fields: () => Promise<FieldReader>, autocapture: boolean, record: (spec: EventSpec) => void): Tagged => {
  let actions: ActionDefinition[] = [];
  let read: FieldReader | undefined;
  let reading: Promise<unknown> | undefined;
  /** Clicks waiting for the definitions or the reader; null once they are known. */
  let early: Element[] | null = [];
  // one deadline, from the latest reason to wait: an earlier hold's timer must not release the
  // clicks a later one (the field reader still loading) holds
  let holdTimer: ReturnType<typeof setTimeout> | undefined;

  const classify = (el: Element): void => {
    const click = clickWith(actions, el, location.pathname, autocapture, read);
    if (click) record(click.event);
  };
  const release = guard((): void => {
    if (early) early.forEach(classify);
    early = null;
  });
  const hold = (): void => {
    early ||= [];
    clearTimeout(holdTimer);
    holdTimer = setTimeout(release, HOLD_CLICKS_MS);
  };
  hold();
  return {
    click: (el) => (early ? early.push(el) : classify(el)),
    release,
    use(defs, fetched) {
      if (defs) actions = usableActions(defs);
      if (!read && actions.some(hasFields)) {
        if (defs) hold();
        (reading ||= fields().then((r) => (read = r), () => (reading = undefined))).then(release);
      } else if (fetched || actions.length) release();
    },
  };
};
