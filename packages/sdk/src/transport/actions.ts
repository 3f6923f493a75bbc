/**
 * The site's action definitions: served by the collector (`GET /v1/sites/:site/actions`, with an
 * ETag and `Cache-Control: no-cache`, so the browser revalidates its HTTP cache by itself) and
 * kept in localStorage so the next page applies them before the request returns. The Action
 * Recorder hands the definitions it just saved to the SDK of its own tab (ACTIONS_EVENT), so the
 * marketer's next click there already produces the new action, with no reload.
 */
import type { ActionDefinition } from '@actionlake/schema';

const KEY = 'actionlake_actions_';
/** Larger definition sets are used but not copied to localStorage (the collector's own cap, ACTIONS_MAX_BYTES, is 262,144). */
const MAX_CACHED_CHARS = 300_000;

export function cachedActions(site: string): ActionDefinition[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY + site) || '[]');
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** Resolves with the current definitions, or rejects (network or bad answer): keep the cached ones. */
export function fetchActions(collector: string, site: string, cache: boolean): Promise<ActionDefinition[]> {
  const url = collector.replace(/\/+$/, '') + '/v1/sites/' + encodeURIComponent(site) + '/actions';
  return fetch(url, { credentials: 'omit' })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status))) // rejects with the HTTP status
    .then((body: { actions?: unknown }) => {
      const list = body && Array.isArray(body.actions) ? (body.actions as ActionDefinition[]) : null;
      if (!list) throw body; // an answer without an actions list
      if (cache) keep(site, list);
      return list;
    });
}

/** The window event the recorder sends after a save or a delete: `detail` = { site, actions }. */
export const ACTIONS_EVENT = 'actionlake:actions';

/**
 * Calls `use` with the definitions the recorder of this tab hands over (handActions), and puts
 * them in place of the cached copy when there is one (only pages with consent keep one).
 */
export function onHandedActions(site: string, use: (defs: ActionDefinition[]) => void): void {
  addEventListener(ACTIONS_EVENT, (ev) => {
    const d = (ev as CustomEvent<{ site?: unknown; actions?: unknown }>).detail;
    if (!d || d.site !== site || !Array.isArray(d.actions)) return;
    const list = d.actions as ActionDefinition[];
    try {
      if (localStorage.getItem(KEY + site) !== null) keep(site, list);
    } catch {
      // storage blocked: nothing is cached
    }
    use(list);
  });
}

/** What the recorder calls: the SDK of this tab applies `actions` from its next click on. */
export function handActions(site: string, actions: ActionDefinition[]): void {
  dispatchEvent(new CustomEvent(ACTIONS_EVENT, { detail: { site, actions } }));
}

function keep(site: string, list: ActionDefinition[]): void {
  try {
    const json = JSON.stringify(list);
    if (json.length <= MAX_CACHED_CHARS) localStorage.setItem(KEY + site, json);
  } catch {
    // storage full or blocked: the definitions still apply on this page
  }
}
