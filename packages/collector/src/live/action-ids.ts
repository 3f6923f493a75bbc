/**
 * Which definition produced a click, for the live view: the site's definitions by `name`, read
 * from the ActionStore (its own cache) in the background. Synchronous for the hub: it answers from
 * what it has and refreshes a site's map at most every REFRESH_MS while that site has listeners.
 */
import type { ActionDefinition } from '@actionlake/schema';
import type { ActionStore } from '../actions/store';
import type { ActionIdOf } from './hub';

export const REFRESH_MS = 5_000;

export function actionIds(store: ActionStore, now: () => number = Date.now): { of: ActionIdOf; refresh(site: string): Promise<void> } {
  const bySite = new Map<string, { at: number; ids: Map<string, string> }>();
  const refresh = async (site: string): Promise<void> => {
    bySite.set(site, { at: now(), ids: bySite.get(site)?.ids ?? new Map() });
    try {
      const { actions } = JSON.parse((await store.get(site)).json) as { actions: ActionDefinition[] };
      const ids = new Map<string, string>();
      for (const d of actions) if (!ids.has(d.name)) ids.set(d.name, d.id); // the SDK applies the first match
      bySite.set(site, { at: now(), ids });
    } catch {
      // the lake cannot be read now: keep what we had, try again later
    }
  };
  const of: ActionIdOf = (site, action) => {
    const known = bySite.get(site);
    if (!known || now() - known.at > REFRESH_MS) void refresh(site);
    return known?.ids.get(action) ?? null;
  };
  return { of, refresh };
}
