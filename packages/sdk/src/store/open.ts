import type { EventStore } from '../core/types';
import { defaultIdbStore, idbStore } from './idb';
import { memoryStore } from './memory';

const OPEN_TIMEOUT_MS = 3000;

/**
 * IndexedDB when it works, else memory. Opening fails e.g. where `indexedDB` is undefined, in some
 * private modes (open rejects), or hangs in broken browsers (timeout).
 */
export async function openEventStore(): Promise<EventStore> {
  try {
    const store = idbStore(defaultIdbStore());
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(reject, OPEN_TIMEOUT_MS);
      store.dropped().then(() => {
        clearTimeout(t);
        resolve();
      }, reject);
    });
    return store;
  } catch {
    return memoryStore();
  }
}
