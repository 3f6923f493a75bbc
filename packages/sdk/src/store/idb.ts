/**
 * The queue's EventStore in IndexedDB, on idb-keyval (database `actionlake`, object store
 * `events`, keyed by event_id; value {event, bytes, seq, tab}; the dropped-events counter under
 * `_dropped`). The layout every earlier sdk.js wrote, so a visitor's stored queue carries over.
 * A write commits as soon as its requests are issued (`transaction.commit()`, where the browser
 * has it), not when the page next yields: a closing page issues its removal and is gone.
 */
import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import type { EventStore, StoredEvent } from '../core/types';

/** Event keys are UUIDs: the counter cannot clash with one. */
const DROPPED_KEY = '_dropped';

export const idbStore = (): EventStore => {
  const use = createStore('actionlake', 'events');
  /** A write on the store, committed at once; resolves when it completed. */
  const write = (fn: (s: IDBObjectStore) => void): Promise<void> =>
    use('readwrite', (s) => {
      fn(s);
      const t = s.transaction;
      if (t.commit) t.commit();
      return promisifyRequest(t);
    });
  const read = <T>(fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => use('readonly', (s) => promisifyRequest(fn(s)));
  const remove = (ids: IDBValidKey[]) => write((s) => ids.forEach((k) => s.delete(k)));
  return {
    kind: 'indexeddb',
    all: () => read((s) => s.getAll()).then((rows) => rows.filter((v: StoredEvent) => v && v.event)),
    put: (list) => write((s) => list.forEach((i) => s.put(i, i.event.event_id))),
    remove,
    clear: () => read((s) => s.getAllKeys()).then((keys) => remove(keys.filter((k) => k !== DROPPED_KEY))),
    dropped: () => read((s) => s.get(DROPPED_KEY)).then((n) => n || 0),
    // read and written in one transaction: two tabs counting at once add up
    addDropped: (n) => (use as UseStore)('readwrite', (s) => {
      const g = s.get(DROPPED_KEY);
      g.onsuccess = () => s.put((g.result || 0) + n, DROPPED_KEY);
      return promisifyRequest(s.transaction);
    }),
  };
};
