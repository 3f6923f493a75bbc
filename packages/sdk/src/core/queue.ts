import type { WireEvent } from '@actionlake/schema';
import { backoffDelay, parseRetryAfter } from './backoff';
import { byteLength, splitBatches } from './batch';
import type { EventStore, StoredEvent, Transport } from './types';

const DEFAULT_MAX_STORED_BYTES = 5 * 1024 * 1024;

/** Runs `fn` while holding the cross-tab flush lock; resolves false when another tab holds it. */
export type FlushLock = (fn: () => Promise<void>, wait: boolean) => Promise<boolean>;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface QueueOptions {
  store: EventStore | Promise<EventStore>;
  transport: Transport;
  maxStoredBytes?: number;
  /** Delay before sending the page's first events, so a new visitor's events land quickly. */
  firstDelayMs?: number;
  /** Upper bound between an event being queued and a send attempt. */
  intervalMs?: number;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  lock?: FlushLock;
}

const noLock: FlushLock = (fn) => fn().then(() => true);

/**
 * The durable send queue. Every event is written to the store before it is sent and removed only
 * once the collector answered 2xx (or refused it for good with a 4xx, which is counted as dropped).
 */
export class EventQueue {
  private readonly o: Required<Omit<QueueOptions, 'store'>>;
  private readonly store: Promise<EventStore>;
  /** Serializes store writes, so a flush always sees the events queued before it. */
  private writes: Promise<unknown> = Promise.resolve();
  private flushes: Promise<unknown> = Promise.resolve();
  /** Size and order of what is stored, for the byte cap. */
  private index = new Map<string, { bytes: number; seq: number }>();
  /** This page's not yet acknowledged events, kept in memory so a hiding page can beacon them. */
  private unacked = new Map<string, StoredEvent>();
  private beaconed = new Set<string>();
  /** Events whose store write failed (quota, lost connection): sent from memory with the stored ones. */
  private memOnly = new Map<string, StoredEvent>();
  /** Bumped by clear(): a send already running stops instead of sending what was dropped. */
  private gen = 0;
  /** Added events waiting for the next store write, and that write. */
  private toWrite: StoredEvent[] = [];
  private writing: Promise<void> | null = null;
  private attempt = 0;
  /** Retry-After: no send before this time, not even an explicit flush(). */
  private notBefore = 0;
  /** Backoff after a failure: no scheduled send before this time. */
  private backoffUntil = 0;
  private timer: unknown = null;
  private timerAt = 0;
  private lastSeq = 0;
  private sentOnce = false;

  constructor(options: QueueOptions) {
    this.o = {
      maxStoredBytes: DEFAULT_MAX_STORED_BYTES, firstDelayMs: 1000, intervalMs: 5000,
      now: Date.now, random: Math.random, lock: noLock,
      timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as QueueOptions),
    };
    this.store = Promise.resolve(options.store);
    // Events left over from earlier pages (failed sends, beacons never acknowledged) go out soon.
    this.write(async (s) => {
      for (const it of await s.all()) this.index.set(it.event.event_id, { bytes: it.bytes, seq: it.seq });
      if (this.index.size) this.schedule(this.o.firstDelayMs);
    });
  }

  /** Stores the event, then schedules a send. Resolves once it is stored. */
  add(event: WireEvent): Promise<void> {
    const now = this.o.now();
    this.lastSeq = Math.max(now * 1000, this.lastSeq + 1);
    const item: StoredEvent = { event, bytes: byteLength(JSON.stringify(event)), seq: this.lastSeq };
    this.unacked.set(event.event_id, item);
    this.schedule(this.sentOnce ? this.o.intervalMs : this.o.firstDelayMs);
    this.toWrite.push(item);
    // Events queued in a burst share one store transaction: they are durable sooner.
    return (this.writing ||= this.write(async (s) => {
      this.writing = null;
      const items = this.toWrite.splice(0);
      const gen = this.gen;
      try {
        await s.put(items);
      } catch {
        for (const i of items) this.memOnly.set(i.event.event_id, i);
      }
      if (gen !== this.gen) return void this.memOnly.clear(); // cleared meanwhile: keep nothing
      for (const i of items) this.index.set(i.event.event_id, { bytes: i.bytes, seq: i.seq });
      await this.enforceCap(s);
    }));
  }

  /** Sends everything stored; resolves when it was acknowledged or the attempt failed. Never rejects. */
  flush(): Promise<void> {
    return this.runFlush(true);
  }

  /** Sends this page's unacknowledged events with sendBeacon (page hidden or being unloaded). */
  beacon(): void {
    const send = this.o.transport.beacon;
    if (!send) return;
    const items = sortBySeq([...this.unacked.values()].filter((i) => !this.beaconed.has(i.event.event_id)));
    for (const batch of splitBatches(items)) {
      if (!send.call(this.o.transport, this.body(batch))) return;
      for (const i of batch) this.beaconed.add(i.event.event_id);
    }
  }

  /** Drops every queued event (consent denied). */
  clear(): Promise<void> {
    this.gen++;
    this.toWrite = [];
    this.unacked.clear();
    this.memOnly.clear();
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
      const got = await this.o.lock(() => this.sendStored(), explicit);
      if (!got) this.schedule(this.o.intervalMs); // another tab is sending; look again later
    }).catch(() => undefined);
    this.flushes = p;
    return p;
  }

  private async sendStored(): Promise<void> {
    const now = this.o.now();
    if (now < this.notBefore) {
      this.schedule(this.notBefore - now); // a timer that fired a little early must not stall the queue
      return;
    }
    const gen = this.gen;
    const items = sortBySeq((await this.write(async (s) => {
      let stored: StoredEvent[] = [];
      try {
        stored = (await s.all()).filter((i) => !this.memOnly.has(i.event.event_id));
        // Inside the write chain no put is half done: an unacked event neither stored, about to be
        // written nor memory-only was acknowledged by another tab sending the shared store.
        const keep = new Set(stored.map((i) => i.event.event_id));
        for (const i of this.toWrite) keep.add(i.event.event_id);
        this.unacked.forEach((_, id) => keep.has(id) || this.memOnly.has(id) || this.unacked.delete(id));
        this.beaconed.forEach((id) => this.unacked.has(id) || this.beaconed.delete(id));
      } catch {
        // unreadable store: send what only memory holds
      }
      return stored.concat([...this.memOnly.values()]);
    })) || []);
    if (gen !== this.gen) return;
    // Other tabs write to the same store: refresh what we know of it.
    this.index = new Map(items.map((i) => [i.event.event_id, { bytes: i.bytes, seq: i.seq }]));
    for (const batch of splitBatches(items)) {
      const retryIn = await this.sendBatch(batch, gen);
      if (gen !== this.gen) return; // clear() ran meanwhile (consent denied): send nothing more
      if (retryIn !== null) {
        this.retryLater(retryIn);
        return;
      }
    }
    this.attempt = 0;
    this.backoffUntil = 0;
    this.sentOnce = true;
    if (this.unacked.size) this.schedule(this.o.intervalMs);
  }

  /** null when the batch is done with (sent or given up); else the Retry-After in ms (-1: none). */
  private async sendBatch(batch: StoredEvent[], gen: number): Promise<number | null> {
    if (gen !== this.gen) return null;
    let res;
    try {
      res = await this.o.transport.send(this.body(batch));
    } catch {
      res = { status: 0 };
    }
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
    return JSON.stringify({ sent_at: new Date(this.o.now()).toISOString(), events: batch.map((i) => i.event) });
  }

  private forget(batch: StoredEvent[], dropped: boolean): Promise<unknown> {
    const ids = batch.map((i) => i.event.event_id);
    for (const id of ids) {
      this.unacked.delete(id);
      this.memOnly.delete(id);
      this.index.delete(id);
      this.beaconed.delete(id);
    }
    return this.write(async (s) => {
      await s.remove(ids);
      if (dropped) await s.addDropped(ids.length);
    });
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
      this.memOnly.delete(id);
    }
    await s.remove(ids);
    await s.addDropped(ids.length);
  }
}

function sortBySeq(items: StoredEvent[]): StoredEvent[] {
  return items.sort((a, b) => a.seq - b.seq);
}
