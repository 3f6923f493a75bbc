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

/** How a send went out: `keepalive` is set false when the browser refused a keepalive request. */
export interface SendMode {
  keepalive: boolean;
}

export interface Transport {
  send(body: string, mode: SendMode): Promise<SendResult>;
  /** Fire-and-forget send for a page being closed; false when the browser refused it. */
  beacon?(body: string): boolean;
}
