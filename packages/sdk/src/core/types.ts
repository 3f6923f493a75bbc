/**
 * The seams between the SDK's core (no DOM) and the browser: where queued events wait
 * (EventStore: IndexedDB or memory, src/store/), how a batch leaves (Transport: fetch and
 * sendBeacon, src/transport/), how the tabs of a site share one stored queue (TabLocks: Web
 * Locks; HandOverNotes: localStorage; src/store/) and timers. The core is written against these
 * interfaces only, so its unit tests run in Node with fakes (test/support/queue-fakes.ts).
 */
import type { WireEvent } from '@actionlake/schema';

/** One queued event as it sits in the store, keyed by `event.event_id`. */
export interface StoredEvent {
  event: WireEvent;
  /** UTF-8 size of JSON.stringify(event). */
  bytes: number;
  /** Increasing across page loads; the oldest events have the lowest seq. */
  seq: number;
  /** The tab (page) that recorded it: only that tab sends it while it is open. */
  tab?: string;
}

/** Where queued events wait until the collector acknowledged them (IndexedDB or memory). */
export interface EventStore {
  readonly kind: 'indexeddb' | 'memory';
  all(): Promise<StoredEvent[]>;
  put(items: StoredEvent[]): Promise<void>;
  /** Removes the events; the write starts at once (a closing page issues it before it goes). */
  remove(ids: string[]): Promise<void>;
  clear(): Promise<void>;
  /** How many events were given up on (byte cap, or refused by the collector). */
  dropped(): Promise<number>;
  addDropped(n: number): Promise<void>;
}

/** `status` 0 means the request never got an HTTP answer (network error, timeout, blocked). */
export interface SendResult {
  status: number;
  retryAfter?: string | null;
}

/** How a send went out: `keepAlive` is set false when the browser refused a keepalive request. */
export interface SendMode {
  keepAlive: boolean;
}

export interface Transport {
  send(body: string, mode: SendMode): Promise<SendResult>;
  /** Fire-and-forget send for a page being closed; false when the browser refused it. */
  beacon?(body: string): boolean;
}

/** Runs `fn` while holding the cross-tab lock; resolves false when another tab holds it. */
export type FlushLock = (fn: () => Promise<void>, wait: boolean) => Promise<boolean>;

/**
 * Tabs of a site share the stored queue. Each tab sends its own events; events whose tab is gone
 * (closed, crashed, an earlier page) are adopted by one tab at a time.
 */
export interface TabLocks {
  /** One tab at a time sends other tabs' leftovers. */
  exclusive: FlushLock;
  /** Holds `tab`'s lock while the page lives. */
  hold(tab: string): void;
  /** The tabs alive now; null when that cannot be known (then every leftover is adopted). */
  alive(): Promise<Set<string> | null>;
  /** Calls `fn` once `tab` is gone. */
  whenGone(tab: string, fn: () => void): void;
}

/**
 * What closing tabs handed to the browser, noted where a closing page still writes at once
 * (localStorage): the removal from the store that follows may never run (it waits behind another
 * tab's transaction and dies with the page), and the tab adopting the leftovers must not send
 * them again.
 */
export interface HandOverNotes {
  /** Adds `ids` to `tab`'s note. */
  note(tab: string, ids: string[]): void;
  /** tab → the ids it noted */
  read(): Record<string, string[]>;
  forget(tab: string): void;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}
