/**
 * The recorder's keys, listened to in the capture phase so the page's own shortcuts do not see
 * them: Alt+↑ ↓ ← → move the picked element (or the field mapped last) to its parent, child or
 * siblings, for a page that swaps content under the pointer; Esc backs out of whatever waits for
 * a click (a field, "Pick container", "Use page", test mode).
 */
import type { Step } from '../edit/ports';

const STEP_KEYS: Record<string, Step> = { ArrowUp: 'parent', ArrowDown: 'child', ArrowLeft: 'prev', ArrowRight: 'next' };

export interface KeyHandlers {
  /** Alt+arrow: false when no element is being edited (the key is then the page's) */
  step(dir: Step): boolean;
  escape(): void;
}

/** Starts listening; returns the function that stops it. */
export function listenKeys(on: KeyHandlers): () => void {
  const onKey = (ev: KeyboardEvent) => {
    const step = ev.altKey ? STEP_KEYS[ev.key] : undefined;
    if (step && on.step(step)) {
      ev.preventDefault();
      ev.stopPropagation();
    } else if (ev.key === 'Escape') on.escape();
  };
  addEventListener('keydown', onKey, true);
  return () => removeEventListener('keydown', onKey, true);
}
