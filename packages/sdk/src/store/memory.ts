/**
 * The queue's EventStore in memory: where IndexedDB is unavailable (store/open.ts), and in unit
 * tests. Nothing outlives the page then; events are still sent from memory as usual.
 */
import type { EventStore, StoredEvent } from '../core/types';

export const memoryStore = (): EventStore => {
  const items = new Map<string, StoredEvent>();
  let dropped = 0;
  return {
    kind: 'memory',
    all: async () => [...items.values()],
    put: async (list) => {
      for (const i of list) items.set(i.event.event_id, i);
    },
    remove: async (ids) => {
      for (const id of ids) items.delete(id);
    },
    clear: async () => items.clear(),
    dropped: async () => dropped,
    addDropped: async (n) => {
      dropped += n;
    },
  };
};
