/**
 * Chooses the queue's store once per page, in a task after the start (client.ts): IndexedDB when
 * it answers, else memory.
 */
import type { EventStore } from '../core/types';
import { idbStore } from './idb';
import { memoryStore } from './memory';

const OPEN_TIMEOUT_MS = 3000;

/**
 * IndexedDB when it works, else memory. Opening fails e.g. where `indexedDB` is undefined, in some
 * private modes (open rejects), or hangs in broken browsers (timeout).
 */
export const openEventStore = async (): Promise<EventStore> => {
  try {
    const store = idbStore();
    await Promise.race([store.dropped(), new Promise((_, reject) => setTimeout(reject, OPEN_TIMEOUT_MS))]);
    return store;
  } catch {
    return memoryStore();
  }
};
