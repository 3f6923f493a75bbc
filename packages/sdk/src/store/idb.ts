import type { EventStore, StoredEvent } from '../core/types';

const DB_NAME = 'actionlake';
const STORE_NAME = 'events';
/** The dropped-events counter lives next to the events; event keys are UUIDs so it cannot clash. */
const DROPPED_KEY = '_dropped';

type Req<T> = IDBRequest<T> | IDBTransaction;

/** Resolves with a request's result, or once a transaction completed. */
const done = <T>(r: Req<T>): Promise<T> => new Promise((resolve, reject) => {
  const q = r as IDBRequest<T> & IDBTransaction;
  q.oncomplete = q.onsuccess = () => resolve(q.result);
  q.onabort = q.onerror = () => reject(q.error);
});

/**
 * Events in IndexedDB (database `actionlake`, object store `events`), keyed by event_id, value
 * {event, bytes, seq, tab}. The same layout idb-keyval wrote before (the stored queue carries over),
 * in less code; writes commit at once, which a closing page needs.
 */
export function idbStore(): EventStore {
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    const r = indexedDB.open(DB_NAME);
    r.onupgradeneeded = () => r.result.createObjectStore(STORE_NAME);
    const p = done(r);
    p.then((d) => (d.onclose = () => (db = undefined)), () => (db = undefined));
    return p;
  };
  /** Runs `fn` in a transaction; resolves with the request it returns, or when a write completed. */
  const tx = <T>(write: boolean, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T> =>
    (db ||= open()).then((d) => {
      const t = d.transaction(STORE_NAME, write ? 'readwrite' : 'readonly');
      const r = fn(t.objectStore(STORE_NAME));
      if (write && t.commit) t.commit();
      return done<T>(r || t);
    });
  const remove = (ids: IDBValidKey[]) => tx<void>(true, (s) => ids.forEach((k) => s.delete(k)));
  return {
    kind: 'indexeddb',
    all: () => tx(false, (s) => s.getAll()).then((rows) => rows.filter((v: StoredEvent) => v && v.event)),
    put: (list) => tx<void>(true, (s) => list.forEach((i) => s.put(i, i.event.event_id))),
    remove,
    clear: () => tx(false, (s) => s.getAllKeys()).then((keys) => remove(keys.filter((k) => k !== DROPPED_KEY))),
    dropped: () => tx<number>(false, (s) => s.get(DROPPED_KEY)).then((n) => n || 0),
    addDropped: (n) => tx<void>(true, (s) => {
      const g = s.get(DROPPED_KEY);
      g.onsuccess = () => s.put((g.result || 0) + n, DROPPED_KEY);
    }),
  };
}
