import { type SessionState, reviveSession } from '../core/session';

/** The one localStorage key: anonymous_id, session and user_id (JSON). */
const STATE_KEY = 'actionlake';

/** Reads the persisted visitor state; null when absent, unreadable or storage is blocked. */
export function loadState(): SessionState | null {
  try {
    const raw = localStorage.getItem(STATE_KEY);
    return raw ? reviveSession(JSON.parse(raw)) : null;
  } catch {
    return null;
  }
}

export function saveState(state: SessionState): void {
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify(state));
  } catch {
    // blocked or full: the state lives in memory for this page
  }
}

export function removeState(): void {
  try {
    localStorage.removeItem(STATE_KEY);
  } catch {
    // nothing stored then
  }
}
