/**
 * Visitor and session rules, as web analytics tools count them: an anonymous id per browser, a
 * session that ends after 30 minutes without events or when a page view lands with another
 * campaign, `new` in the first session and `returning` after. Pure: the state is read from and
 * written to localStorage by store/local.ts.
 */
import { type Campaign, campaignKey, emptyCampaign, hasCampaign } from './campaign';

export const SESSION_IDLE_MS = 30 * 60 * 1000;

/** Everything that identifies a visitor and their current session (persisted in localStorage). */
export interface SessionState {
  anonymous_id: string;
  session_id: string;
  /** Last event time (ms since epoch). */
  last_activity: number;
  /** Sessions started by this anonymous_id; 1 means a new visitor. */
  session_count: number;
  /** The campaign the session started with, attached to every event of the session. */
  campaign: Campaign;
  user_id: string | null;
  /** The visitor's time zone, kept so later pages need no Intl call (dom/page.ts). */
  tz?: string;
}

/**
 * The session state for an event happening at `now`. `landing` is the campaign in the URL of a
 * page view (null for other events). A new session starts after 30 min idle, or when a page view
 * lands with a campaign different from the session's.
 */
export const touchSession = (
  state: SessionState | null,
  now: number,
  landing: Campaign | null,
  newId: () => string,
): SessionState => {
  const campaign = landing || emptyCampaign();
  if (!state) {
    return {
      anonymous_id: newId(), session_id: newId(), last_activity: now, session_count: 1,
      campaign, user_id: null,
    };
  }
  const idle = now - state.last_activity >= SESSION_IDLE_MS;
  const newCampaign = !!landing && hasCampaign(landing) && campaignKey(landing) !== campaignKey(state.campaign);
  if (idle || newCampaign) {
    return {
      ...state, session_id: newId(), last_activity: now,
      session_count: state.session_count + 1, campaign,
    };
  }
  return { ...state, last_activity: Math.max(now, state.last_activity) };
};

export const visitorType = (state: SessionState): 'new' | 'returning' => {
  return state.session_count > 1 ? 'returning' : 'new';
};

/** A fresh visitor: new anonymous_id and session, no user (what reset() does). */
export const resetSession = (now: number, newId: () => string): SessionState => {
  return touchSession(null, now, null, newId);
};

/** Validates what came out of storage; anything malformed starts over. */
export const reviveSession = (raw: unknown): SessionState | null => {
  const s = raw as SessionState;
  if (!s || typeof s.anonymous_id !== 'string' || typeof s.session_id !== 'string') return null;
  if (typeof s.last_activity !== 'number' || typeof s.session_count !== 'number') return null;
  const c = s.campaign || ({} as Partial<Campaign>);
  return {
    ...s,
    campaign: { utm: c.utm || {}, click_ids: c.click_ids || {} },
    user_id: typeof s.user_id === 'string' ? s.user_id : null,
    tz: typeof s.tz === 'string' ? s.tz : undefined,
  };
};
