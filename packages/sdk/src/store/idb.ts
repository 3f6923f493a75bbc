import { type UseStore, createStore, entries, get, promisifyRequest, setMany, update } from 'idb-keyval';
import type { EventStore, StoredEvent } from '../core/types';

const DB_NAME = 'actionlake';
const STORE_NAME = 'events';
/** The dropped-events counter lives next to the events; event keys are UUIDs so it cannot clash. */
const DROPPED_KEY = '_dropped';

export function defaultIdbStore(): UseStore {
  return createStore(DB_NAME, STORE_NAME);
}

/** Events in IndexedDB, keyed by event_id, value {event, bytes, seq}. */
export function idbStore(store: UseStore): EventStore {
  return {
    kind: 'indexeddb',
    all: async () => {
      const rows = await entries<IDBValidKey, StoredEvent>(store);
      return rows.filter(([k, v]) => k !== DROPPED_KEY && v && v.event).map(([, v]) => v);
    },
    put: (list) => setMany(list.map((i) => [i.event.event_id, i]), store),
    remove: (ids) => remove(ids, store),
    clear: async () => {
      const rows = await entries(store);
      await remove(rows.map(([k]) => k).filter((k) => k !== DROPPED_KEY), store);
    },
    dropped: async () => (await get<number>(DROPPED_KEY, store)) || 0,
    addDropped: (n) => update<number>(DROPPED_KEY, (v) => (v || 0) + n, store),
  };
}

/** Deletes, committing at once: a closing page's transaction must not wait for the page's next task. */
function remove(keys: IDBValidKey[], store: UseStore): Promise<void> {
  return store('readwrite', (s) => {
    for (const k of keys) s.delete(k);
    const tx = s.transaction;
    if (tx.commit) tx.commit();
    return promisifyRequest(tx);
  });
}
