/**
 * The visitor's state in localStorage, under the one key `actionlake` (JSON of core/session.ts's
 * SessionState: anonymous id, session, user id, campaign, time zone), shared by the site's tabs.
 * Blocked or full storage: the state lives in memory for this page.
 */
import { attempt } from '../core/safe';
import { type SessionState, reviveSession } from '../core/session';

const STATE_KEY = 'actionlake';

/** The persisted visitor state; null when absent, unreadable or storage is blocked. */
export const loadState = (): SessionState | null => attempt(() => reviveSession(JSON.parse(localStorage.getItem(STATE_KEY)!))) || null;

export const saveState = (state: SessionState): void => void attempt(() => localStorage.setItem(STATE_KEY, JSON.stringify(state)));

export const removeState = (): void => void attempt(() => localStorage.removeItem(STATE_KEY));
