/**
 * The site's action definitions: served by the collector (`GET /v1/sites/:site/actions`, with an
 * ETag and `Cache-Control: no-cache`, so the browser revalidates its HTTP cache by itself) and
 * kept in localStorage so the next page applies them before the request returns.
 */
import type { ActionDefinition } from '@actionlake/schema';
import { attempt } from '../core/safe';

const KEY = 'actionlake_actions_';
/** Larger definition sets are used but not copied to localStorage (the collector's own cap, ACTIONS_MAX_BYTES, is 262,144). */
const MAX_CACHED_CHARS = 300_000;

/** The definitions the last page fetched; none when absent, unreadable or storage is blocked. */
export const cachedActions = (site: string): ActionDefinition[] => {
  const v = attempt(() => JSON.parse(localStorage.getItem(KEY + site)!));
  return Array.isArray(v) ? v : [];
};

/** Resolves with the current definitions, or rejects (network or bad answer): keep the cached ones. */
export const fetchActions = (collector: string, site: string, cache: boolean): Promise<ActionDefinition[]> => {
  const url = collector.replace(/\/+$/, '') + '/v1/sites/' + encodeURIComponent(site) + '/actions';
  return fetch(url, { credentials: 'omit' })
    .then((r) => (r.ok ? r.json() : Promise.reject(r.status))) // rejects with the HTTP status
    .then((body: { actions?: unknown }) => {
      const list = body && Array.isArray(body.actions) ? (body.actions as ActionDefinition[]) : null;
      if (!list) throw body; // an answer without an actions list
      // storage full or blocked: the definitions still apply on this page
      const json = JSON.stringify(list);
      if (cache && json.length <= MAX_CACHED_CHARS) attempt(() => localStorage.setItem(KEY + site, json));
      return list;
    });
};
