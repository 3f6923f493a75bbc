import type { WireEvent } from '@actionlake/schema';
import { backoffDelay, parseRetryAfter } from './backoff';
import { batchBody, byteLength, splitBatches } from './batch';
import type { EventStore, SendMode, StoredEvent, Transport } from './types';

const DEFAULT_MAX_STORED_BYTES = 5 * 1024 * 1024;
const MAX_BATCH_EVENTS = 50;
/** Keepalive requests in flight stay under this (the browser's page-close budget is 64 KB). */
const KEEPALIVE_BYTES = 48 * 1024;

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

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface QueueOptions {
  store: EventStore | Promise<EventStore>;
  transport: Transport;
  maxStoredBytes?: number;
  /** Upper bound between an event being queued and a send attempt (a full batch goes at once). */
  intervalMs?: number;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  locks?: TabLocks;
  /** This tab's id (tests); default random. */
  tab?: string;
}

const noLocks: TabLocks = {
  exclusive: (fn) => fn().then(() => true),
  hold: () => undefined,
  alive: () => Promise.resolve(null),
  whenGone: () => undefined,
};

/**
 * The durable send queue. Every event is written to the store and sent from memory within about a
 * second; it is removed from the store once the collector answered 2xx (or refused it for good
 * with a 4xx, counted as dropped), or once a closing page handed it to the browser (beacon or a
 * keepalive request in flight), which delivers it after the page is gone.
 */
export class EventQueue {
  private readonly o: Required<Omit<QueueOptions, 'store'>>;
  private readonly store: Promise<EventStore>;
  /** Serializes store writes, so a read always sees the events queued before it. */
  private writes: Promise<unknown> = Promise.resolve();
  private flushes: Promise<unknown> = Promise.resolve();
  /** Size and order of what is stored, for the byte cap. */
  private index = new Map<string, { bytes: number; seq: number }>();
  /** This tab's events not yet acknowledged: sent from memory. */
  private unacked = new Map<string, StoredEvent>();
  /** The batch on the wire now, and how it went out. */
  private inflight: { ids: string[]; mode: SendMode } | null = null;
  private keepaliveBytes = 0;
  /** Acknowledged events whose removal from the store has not run yet. */
  private acked = new Set<string>();
  /** Bumped by clear(): a send already running stops instead of sending what was dropped. */
  private gen = 0;
  /** Added events waiting for the next store write, and that write. */
  private toWrite: StoredEvent[] = [];
  private writing: Promise<void> | null = null;
  /** Other tabs' leftovers may be waiting: look at the store on the next flush. */
  private adoptDue = true;
  private watching = new Set<string>();
  private attempt = 0;
  /** Retry-After: no send before this time, not even an explicit flush(). */
  private notBefore = 0;
  /** Backoff after a failure: no scheduled send before this time. */
  private backoffUntil = 0;
  private timer: unknown = null;
  private timerAt = 0;
  private lastSeq = 0;

  constructor(options: QueueOptions) {
    this.o = {
      maxStoredBytes: DEFAULT_MAX_STORED_BYTES, intervalMs: 1000,
      now: Date.now, random: Math.random, locks: noLocks, tab: '',
      timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as QueueOptions),
    };
    this.o.tab ||= this.o.now().toString(36) + this.o.random().toString(36).slice(2);
    this.o.locks.hold(this.o.tab);
    this.store = Promise.resolve(options.store);
    // Events left over by earlier pages or closed tabs go out soon.
    this.schedule(this.o.intervalMs);
  }

  /** Stores the event, then schedules a send (at once for a full batch). Resolves once it is stored. */
  add(event: WireEvent): Promise<void> {
    this.lastSeq = Math.max(this.o.now() * 1000, this.lastSeq + 1);
    const item: StoredEvent = { event, bytes: byteLength(JSON.stringify(event)), seq: this.lastSeq, tab: this.o.tab };
    this.unacked.set(event.event_id, item);
    this.schedule(this.unacked.size >= MAX_BATCH_EVENTS ? 0 : this.o.intervalMs);
    this.toWrite.push(item);
    // Events queued in a burst share one store transaction.
    return (this.writing ||= this.write(async (s) => {
      this.writing = null;
      const items = this.toWrite.splice(0);
      const gen = this.gen;
      await s.put(items).catch(() => undefined); // quota, lost connection: still sent from memory
      if (gen !== this.gen) return;
      for (const i of items) this.index.set(i.event.event_id, { bytes: i.bytes, seq: i.seq });
      await this.enforceCap(s);
    }));
  }

  /** Sends everything queued; resolves when it was acknowledged or the attempt failed. Never rejects. */
  flush(): Promise<void> {
    return this.runFlush(true);
  }

  /** Sends now without waiting for another tab (the page is being hidden). */
  sendNow(): void {
    this.runFlush(false);
  }

  /**
   * The page is being closed: hands this tab's unsent events to the browser with sendBeacon (as
   * many as the page-close budget takes, oldest first) and removes them, and the keepalive batch
   * in flight, from the store. What the browser refuses stays stored for another tab or the next visit.
   */
  beacon(): void {
    const send = this.o.transport.beacon;
    if (!send || this.attempt) return; // sends are failing (offline?): keep everything stored
    const handed = this.inflight && this.inflight.mode.keepalive ? this.inflight.ids : [];
    const items = sortBySeq([...this.unacked.values()].filter((i) => handed.indexOf(i.event.event_id) < 0));
    const give = (batch: StoredEvent[]): boolean => {
      if (send.call(this.o.transport, this.body(batch))) {
        for (const i of batch) handed.push(i.event.event_id);
        return true;
      }
      const half = Math.ceil(batch.length / 2);
      return batch.length > 1 && give(batch.slice(0, half)) && give(batch.slice(half));
    };
    for (const batch of splitBatches(items)) if (!give(batch)) break;
    for (const id of handed) this.unacked.delete(id);
    // the removals waiting behind other writes, too: the page will not live to run them
    this.acked.forEach((id) => handed.push(id));
    this.unwrite(handed);
    if (handed.length) this.store.then((s) => s.remove(handed)).catch(() => undefined);
  }

  /** Drops every queued event (consent denied). */
  clear(): Promise<void> {
    this.gen++;
    this.toWrite = [];
    this.unacked.clear();
    this.index.clear();
    return this.write((s) => s.clear());
  }

  stats(): Promise<{ stored: number; dropped: number; storage: EventStore['kind'] }> {
    return this.write(async (s) => ({ stored: (await s.all()).length, dropped: await s.dropped(), storage: s.kind }))
      .then((r) => r || { stored: 0, dropped: 0, storage: 'memory' as const });
  }

  private write<T>(fn: (s: EventStore) => Promise<T>): Promise<T | undefined> {
    const p = this.writes.then(() => this.store).then(fn);
    this.writes = p.catch(() => undefined);
    return p.catch(() => undefined);
  }

  private schedule(ms: number): void {
    const now = this.o.now();
    const at = Math.max(now + ms, this.backoffUntil);
    if (this.timer !== null) {
      if (this.timerAt <= at) return;
      this.o.timers.clear(this.timer);
    }
    this.timerAt = at;
    this.timer = this.o.timers.set(() => {
      this.timer = null;
      this.runFlush(false);
    }, at - now);
  }

  private runFlush(explicit: boolean): Promise<void> {
    const p = this.flushes.then(async () => {
      const now = this.o.now();
      if (now < this.notBefore) return this.schedule(this.notBefore - now); // a timer may fire a little early
      if (!(await this.send(sortBySeq([...this.unacked.values()])))) return;
      if (!explicit && !this.adoptDue) return;
      this.adoptDue = false;
      // an explicit flush() waits for the tab adopting leftovers; a timer looks again later
      if (!(await this.o.locks.exclusive(() => this.adopt(), explicit))) this.later();
    }).catch(() => undefined);
    this.flushes = p;
    return p;
  }

  private later(): void {
    this.adoptDue = true;
    this.schedule(this.o.intervalMs);
  }

  /** Sends the events of tabs that are gone (this tab holds the exclusive lock). */
  private async adopt(): Promise<void> {
    const alive = await this.o.locks.alive();
    const stored = (await this.write((s) => s.all())) || [];
    this.index = new Map(stored.map((i) => [i.event.event_id, { bytes: i.bytes, seq: i.seq }]));
    const orphans = stored.filter((i) => {
      if (i.tab === this.o.tab) return false;
      if (!alive || !i.tab || !alive.has(i.tab)) return true;
      if (!this.watching.has(i.tab)) {
        this.watching.add(i.tab);
        this.o.locks.whenGone(i.tab, () => {
          this.watching.delete(i.tab!);
          this.later();
        });
      }
      return false;
    });
    if (!(await this.send(sortBySeq(orphans)))) this.adoptDue = true;
  }

  /** Sends in batches; false when a batch failed (a retry is scheduled) or clear() ran meanwhile. */
  private async send(items: StoredEvent[]): Promise<boolean> {
    const gen = this.gen;
    for (const batch of splitBatches(items)) {
      const retryIn = await this.sendBatch(batch, gen);
      if (gen !== this.gen) return false; // clear() ran meanwhile (consent denied): send nothing more
      if (retryIn !== null) {
        this.retryLater(retryIn);
        return false;
      }
    }
    this.attempt = 0;
    this.backoffUntil = 0;
    if (this.unacked.size) this.schedule(this.o.intervalMs);
    return true;
  }

  /** null when the batch is done with (sent or given up); else the Retry-After in ms (-1: none). */
  private async sendBatch(batch: StoredEvent[], gen: number): Promise<number | null> {
    if (gen !== this.gen) return null;
    const body = this.body(batch);
    const bytes = byteLength(body);
    const mode = { keepalive: this.keepaliveBytes + bytes <= KEEPALIVE_BYTES };
    if (mode.keepalive) this.keepaliveBytes += bytes;
    this.inflight = { ids: batch.map((i) => i.event.event_id), mode };
    let res;
    try {
      res = await this.o.transport.send(body, mode);
    } catch {
      res = { status: 0 };
    }
    this.inflight = null;
    this.keepaliveBytes = Math.max(0, this.keepaliveBytes - (mode.keepalive ? bytes : 0));
    const st = res.status;
    if (gen !== this.gen) return null; // cleared while in flight: nothing left to forget or retry
    if (st >= 200 && st < 300) {
      await this.forget(batch, false);
      return null;
    }
    if (st === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      const first = await this.sendBatch(batch.slice(0, half), gen);
      return first !== null ? first : this.sendBatch(batch.slice(half), gen);
    }
    if (st >= 400 && st < 500 && st !== 408 && st !== 429) {
      await this.forget(batch, true); // the collector will never take it: do not retry forever
      return null;
    }
    const ra = st === 429 || st === 503 ? parseRetryAfter(res.retryAfter, this.o.now()) : null;
    return ra === null ? -1 : ra;
  }

  private retryLater(retryAfterMs: number): void {
    let delay = backoffDelay(this.attempt++, this.o.random);
    if (retryAfterMs >= 0) {
      delay = Math.max(delay, retryAfterMs);
      this.notBefore = this.o.now() + retryAfterMs;
    }
    if (this.timer !== null) this.o.timers.clear(this.timer);
    this.timer = null;
    this.backoffUntil = this.o.now() + delay;
    this.schedule(0);
  }

  private body(batch: StoredEvent[]): string {
    return batchBody(new Date(this.o.now()).toISOString(), batch.map((i) => i.event));
  }

  private forget(batch: StoredEvent[], dropped: boolean): Promise<unknown> {
    const ids = batch.map((i) => i.event.event_id);
    for (const id of ids) {
      this.unacked.delete(id);
      this.index.delete(id);
      this.acked.add(id);
    }
    this.unwrite(ids); // sent before it was written: no need to store it at all
    return this.write(async (s) => {
      await s.remove(ids);
      for (const id of ids) this.acked.delete(id);
      if (dropped) await s.addDropped(ids.length);
    });
  }

  /** Takes events out of the next store write. */
  private unwrite(ids: string[]): void {
    const gone = new Set(ids);
    this.toWrite = this.toWrite.filter((i) => !gone.has(i.event.event_id));
  }

  /** Over the byte cap: drop the oldest events and count them. */
  private async enforceCap(s: EventStore): Promise<void> {
    let total = 0;
    this.index.forEach((v) => (total += v.bytes));
    if (total <= this.o.maxStoredBytes) return;
    const oldest = [...this.index.entries()].sort((a, b) => a[1].seq - b[1].seq);
    const ids: string[] = [];
    for (const [id, v] of oldest) {
      if (total <= this.o.maxStoredBytes) break;
      total -= v.bytes;
      ids.push(id);
      this.index.delete(id);
      this.unacked.delete(id);
    }
    await s.remove(ids);
    await s.addDropped(ids.length);
  }
}

function sortBySeq(items: StoredEvent[]): StoredEvent[] {
  return items.sort((a, b) => a.seq - b.seq);
}
