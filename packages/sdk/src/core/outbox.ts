/**
 * The store side of a tab's queue (core/queue.ts): every event is written to the EventStore, so it
 * outlives the page, and removed once the collector took it; sending itself works from memory.
 * Writes run one after another in the order asked, so a read sees every write asked before it
 * (adoption relies on that); the events added in a burst share one transaction; past the byte cap
 * the oldest stored events are dropped and counted.
 */
import { idOf } from './batch';
import type { EventStore, StoredEvent } from './types';

export interface Outbox {
  /** Stores `item` in the next write (shared with the events added meanwhile); resolves once written. */
  put(item: StoredEvent): Promise<void>;
  /**
   * Removes events the collector took, or refused for good (`dropped`: counted). Resolves true once
   * the removal is committed, undefined when it failed.
   */
  remove(ids: string[], dropped?: boolean): Promise<true | undefined>;
  /** Removes events at once, not after the writes asked before (the page is closing: it will not wait). */
  removeNow(ids: string[]): void;
  /** Runs `fn` on the store after the writes asked before it; undefined when it failed. */
  run<T>(fn: (s: EventStore) => Promise<T>): Promise<T | undefined>;
  /** Removals asked that have not run yet (a closing page notes them as handed over). */
  removing: Set<string>;
  /** Everything stored, by every tab (after the writes asked before); the byte cap's account is renewed from it. */
  all(): Promise<StoredEvent[]>;
  /** Drops everything stored (consent denied); a write already running keeps nothing more. */
  clear(): Promise<unknown>;
}

const ignore = (): undefined => undefined;

/** `onDrop`: events the byte cap dropped, to be forgotten by the sender too. */
export const createOutbox = (store: Promise<EventStore>, maxBytes: number, onDrop: (ids: string[]) => void): Outbox => {
  let writes: Promise<unknown> = Promise.resolve();
  /** Added events waiting for the next write, and that write. */
  let next: StoredEvent[] = [];
  let writing: Promise<void> | null = null;
  /** Size and order of what is stored, for the byte cap. */
  let sizes = new Map<string, { bytes: number; seq: number }>();
  /** Bumped by clear(): a write already running keeps no account of what it stored. */
  let gen = 0;
  const removing = new Set<string>();

  const run = <T>(fn: (s: EventStore) => Promise<T>): Promise<T | undefined> => {
    const p = writes.then(() => store).then(fn);
    writes = p.catch(ignore);
    return p.catch(ignore);
  };

  const put = (item: StoredEvent): Promise<void> => {
    next.push(item);
    return (writing ||= run(async (s) => {
      writing = null;
      const items = next.splice(0);
      const g = gen;
      await s.put(items).catch(ignore); // quota, lost connection: still sent from memory
      if (g !== gen) return;
      for (const i of items) sizes.set(idOf(i), { bytes: i.bytes, seq: i.seq });
      await cap(s);
    }) as Promise<void>);
  };

  const remove = (ids: string[], dropped?: boolean): Promise<true | undefined> => {
    for (const id of ids) {
      sizes.delete(id);
      removing.add(id);
    }
    unwrite(ids); // sent before it was written: no need to store it at all
    return run(async (s) => {
      await s.remove(ids);
      for (const id of ids) removing.delete(id);
      if (dropped) await s.addDropped(ids.length);
      return true as const;
    });
  };

  /** Over the byte cap: drops the oldest events and counts them. */
  const cap = async (s: EventStore): Promise<void> => {
    let total = 0;
    sizes.forEach((v) => (total += v.bytes));
    if (total <= maxBytes) return;
    const ids: string[] = [];
    for (const [id, v] of [...sizes].sort((a, b) => a[1].seq - b[1].seq)) {
      if (total <= maxBytes) break;
      total -= v.bytes;
      ids.push(id);
      sizes.delete(id);
    }
    onDrop(ids);
    await s.remove(ids);
    await s.addDropped(ids.length);
  };

  /** Takes events out of the write not yet issued: they left the page before they were stored. */
  const unwrite = (ids: string[]): void => {
    const gone = new Set(ids);
    next = next.filter((i) => !gone.has(idOf(i)));
  };

  return {
    put, remove, run, removing,
    removeNow: (ids) => {
      unwrite(ids);
      store.then((s) => s.remove(ids)).catch(ignore);
    },
    all: () => run((s) => s.all()).then((stored = []) => {
      sizes = new Map(stored.map((i) => [idOf(i), { bytes: i.bytes, seq: i.seq }]));
      return stored;
    }),
    clear: () => {
      gen++;
      next = [];
      sizes.clear();
      return run((s) => s.clear());
    },
  };
};
