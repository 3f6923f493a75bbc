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

/**
 * What closing tabs handed to the browser, noted where a closing page still writes at once
 * (localStorage): the removal from the store that follows may never run (it waits behind another
 * tab's transaction and dies with the page), and the tab adopting the leftovers must not send them again.
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
  notes?: HandOverNotes;
  /** This tab's id (tests); default random. */
  tab?: string;
}

const noNotes: HandOverNotes = { note: () => undefined, read: () => ({}), forget: () => undefined };

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
export interface EventQueue {
  /** Stores the event, then schedules a send (at once for a full batch). Resolves once it is stored. */
  add(event: WireEvent): Promise<void>;
  /** Sends everything queued; resolves when it was acknowledged or the attempt failed. Never rejects. */
  flush(): Promise<void>;
  /** Sends now without waiting for another tab (the page is being hidden). */
  sendNow(): void;
  /** The page is being closed: hands what is left to the browser (see below). */
  beacon(): void;
  /** Drops every queued event (consent denied). */
  clear(): Promise<void>;
  /** undefined when the store cannot be read */
  stats(): Promise<{ stored: number; dropped: number; storage: EventStore['kind'] } | undefined>;
}

export function createQueue(options: QueueOptions): EventQueue {
  const o: Required<Omit<QueueOptions, 'store'>> = {
    maxStoredBytes: DEFAULT_MAX_STORED_BYTES, intervalMs: 1000,
    now: Date.now, random: Math.random, locks: noLocks, notes: noNotes, tab: '',
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
    ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as QueueOptions),
  };
  const store = Promise.resolve(options.store);
  /** Serializes store writes, so a read always sees the events queued before it. */
  let writes: Promise<unknown> = Promise.resolve();
  let flushes: Promise<unknown> = Promise.resolve();
  /** Size and order of what is stored, for the byte cap. */
  let index = new Map<string, { bytes: number; seq: number }>();
  /** This tab's events not yet acknowledged: sent from memory. */
  let unacked = new Map<string, StoredEvent>();
  /** The batch on the wire now, and how it went out. */
  let inflight: { ids: string[]; mode: SendMode } | null = null;
  let keepaliveBytes = 0;
  /** Acknowledged events whose removal from the store has not run yet. */
  let acked = new Set<string>();
  /** Bumped by clear(): a send already running stops instead of sending what was dropped. */
  let gen = 0;
  /** Added events waiting for the next store write, and that write. */
  let toWrite: StoredEvent[] = [];
  let writing: Promise<void> | null = null;
  /** Other tabs' leftovers may be waiting: look at the store on the next flush. */
  let adoptDue = true;
  let watching = new Set<string>();
  let attempt = 0;
  /** Retry-After: no send before this time, not even an explicit flush(). */
  let notBefore = 0;
  /** Backoff after a failure: no scheduled send before this time. */
  let backoffUntil = 0;
  let timer: unknown = null;
  let timerAt = 0;
  let lastSeq = 0;

  /** Stores the event, then schedules a send (at once for a full batch). Resolves once it is stored. */
  function add(event: WireEvent): Promise<void> {
    lastSeq = Math.max(o.now() * 1000, lastSeq + 1);
    const item: StoredEvent = { event, bytes: byteLength(JSON.stringify(event)), seq: lastSeq, tab: o.tab };
    unacked.set(event.event_id, item);
    schedule(unacked.size >= MAX_BATCH_EVENTS ? 0 : o.intervalMs);
    toWrite.push(item);
    // Events queued in a burst share one store transaction.
    return (writing ||= write(async (s) => {
      writing = null;
      const items = toWrite.splice(0);
      const g = gen;
      await s.put(items).catch(() => undefined); // quota, lost connection: still sent from memory
      if (g !== gen) return;
      for (const i of items) index.set(i.event.event_id, { bytes: i.bytes, seq: i.seq });
      await enforceCap(s);
    }));
  }

  /** Sends everything queued; resolves when it was acknowledged or the attempt failed. Never rejects. */
  function flush(): Promise<void> {
    return runFlush(true);
  }

  /** Sends now without waiting for another tab (the page is being hidden). */
  function sendNow(): void {
    runFlush(false);
  }

  /**
   * The page is being closed: hands this tab's unsent events to the browser with sendBeacon (as
   * many as the page-close budget takes, oldest first) and removes them, and the keepalive batch
   * in flight, from the store. What the browser refuses stays stored for another tab or the next visit.
   */
  function beacon(): void {
    const send = o.transport.beacon;
    // sends are failing (offline?): keep everything stored but what was acknowledged
    const failing = !send || attempt;
    const handed = !failing && inflight && inflight.mode.keepalive ? [...inflight.ids] : [];
    const items = failing ? [] : sortBySeq([...unacked.values()].filter((i) => handed.indexOf(i.event.event_id) < 0));
    const give = (batch: StoredEvent[]): boolean => {
      if (send!.call(o.transport, body(batch))) {
        for (const i of batch) handed.push(i.event.event_id);
        return true;
      }
      const half = Math.ceil(batch.length / 2);
      return batch.length > 1 && give(batch.slice(0, half)) && give(batch.slice(half));
    };
    for (const batch of splitBatches(items)) if (!give(batch)) break;
    for (const id of handed) unacked.delete(id);
    // the removals waiting behind other writes, too: the page will not live to run them
    acked.forEach((id) => handed.push(id));
    unwrite(handed);
    if (!handed.length) return;
    o.notes.note(o.tab, handed);
    store.then((s) => s.remove(handed)).catch(() => undefined);
  }

  /** Drops every queued event (consent denied). */
  function clear(): Promise<void> {
    gen++;
    toWrite = [];
    unacked.clear();
    index.clear();
    for (const t in o.notes.read()) o.notes.forget(t);
    return write((s) => s.clear());
  }

  function stats(): ReturnType<EventQueue['stats']> {
    return write(async (s) => ({ stored: (await s.all()).length, dropped: await s.dropped(), storage: s.kind }));
  }

  function write<T>(fn: (s: EventStore) => Promise<T>): Promise<T | undefined> {
    const p = writes.then(() => store).then(fn);
    writes = p.catch(() => undefined);
    return p.catch(() => undefined);
  }

  function schedule(ms: number): void {
    const now = o.now();
    const at = Math.max(now + ms, backoffUntil);
    if (timer !== null) {
      if (timerAt <= at) return;
      o.timers.clear(timer);
    }
    timerAt = at;
    timer = o.timers.set(() => {
      timer = null;
      runFlush(false);
    }, at - now);
  }

  function runFlush(explicit: boolean): Promise<void> {
    const p = flushes.then(async () => {
      const now = o.now();
      if (now < notBefore) return schedule(notBefore - now); // a timer may fire a little early
      if (!(await send(sortBySeq([...unacked.values()])))) return;
      if (!explicit && !adoptDue) return;
      adoptDue = false;
      // an explicit flush() waits for the tab adopting leftovers; a timer looks again later
      if (!(await o.locks.exclusive(() => adopt(), explicit))) later();
    }).catch(() => undefined);
    flushes = p;
    return p;
  }

  function later(): void {
    adoptDue = true;
    schedule(o.intervalMs);
  }

  /**
   * Sends the events of tabs that are gone (this tab holds the exclusive lock). Events a closed
   * tab noted as handed over are removed instead; the notes of gone tabs go once that removal is committed.
   */
  async function adopt(): Promise<void> {
    // In this order: a tab writes its events after taking its lock, and its note before it lets go
    // of it, so an event read here whose tab the locks call gone has its hand-over noted by then.
    const all = (await write((s) => s.all())) || [];
    const alive = await o.locks.alive();
    const notes = o.notes.read();
    const handed = new Set<string>();
    for (const t in notes) notes[t].forEach((id) => handed.add(id));
    const sent = all.filter((i) => handed.has(i.event.event_id)).map((i) => i.event.event_id);
    if (await write((s) => s.remove(sent).then(() => 1))) {
      for (const t in notes) if (!alive || !alive.has(t)) o.notes.forget(t);
    }
    const stored = all.filter((i) => !handed.has(i.event.event_id));
    index = new Map(stored.map((i) => [i.event.event_id, { bytes: i.bytes, seq: i.seq }]));
    const orphans = stored.filter((i) => {
      if (i.tab === o.tab) return false;
      if (!alive || !i.tab || !alive.has(i.tab)) return true;
      if (!watching.has(i.tab)) {
        watching.add(i.tab);
        o.locks.whenGone(i.tab, () => {
          watching.delete(i.tab!);
          later();
        });
      }
      return false;
    });
    if (!(await send(sortBySeq(orphans)))) adoptDue = true;
  }

  /** Sends in batches; false when a batch failed (a retry is scheduled) or clear() ran meanwhile. */
  async function send(items: StoredEvent[]): Promise<boolean> {
    const g = gen;
    for (const batch of splitBatches(items)) {
      const retryIn = await sendBatch(batch, g);
      if (g !== gen) return false; // clear() ran meanwhile (consent denied): send nothing more
      if (retryIn !== null) {
        retryLater(retryIn);
        return false;
      }
    }
    attempt = 0;
    backoffUntil = 0;
    if (unacked.size) schedule(o.intervalMs);
    return true;
  }

  /** null when the batch is done with (sent or given up); else the Retry-After in ms (-1: none). */
  async function sendBatch(batch: StoredEvent[], g: number): Promise<number | null> {
    if (g !== gen) return null;
    const text = body(batch);
    const bytes = byteLength(text);
    const mode = { keepalive: keepaliveBytes + bytes <= KEEPALIVE_BYTES };
    if (mode.keepalive) keepaliveBytes += bytes;
    inflight = { ids: batch.map((i) => i.event.event_id), mode };
    let res;
    try {
      res = await o.transport.send(text, mode);
    } catch {
      res = { status: 0 };
    }
    inflight = null;
    keepaliveBytes = Math.max(0, keepaliveBytes - (mode.keepalive ? bytes : 0));
    const st = res.status;
    if (g !== gen) return null; // cleared while in flight: nothing left to forget or retry
    if (st >= 200 && st < 300) {
      await forget(batch, false);
      return null;
    }
    if (st === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      const first = await sendBatch(batch.slice(0, half), g);
      return first !== null ? first : sendBatch(batch.slice(half), g);
    }
    if (st >= 400 && st < 500 && st !== 408 && st !== 429) {
      await forget(batch, true); // the collector will never take it: do not retry forever
      return null;
    }
    const ra = st === 429 || st === 503 ? parseRetryAfter(res.retryAfter, o.now()) : null;
    return ra === null ? -1 : ra;
  }

  function retryLater(retryAfterMs: number): void {
    let delay = backoffDelay(attempt++, o.random);
    if (retryAfterMs >= 0) {
      delay = Math.max(delay, retryAfterMs);
      notBefore = o.now() + retryAfterMs;
    }
    if (timer !== null) o.timers.clear(timer);
    timer = null;
    backoffUntil = o.now() + delay;
    schedule(0);
  }

  function body(batch: StoredEvent[]): string {
    return batchBody(new Date(o.now()).toISOString(), batch.map((i) => i.event));
  }

  function forget(batch: StoredEvent[], dropped: boolean): Promise<unknown> {
    const ids = batch.map((i) => i.event.event_id);
    for (const id of ids) {
      unacked.delete(id);
      index.delete(id);
      acked.add(id);
    }
    unwrite(ids); // sent before it was written: no need to store it at all
    return write(async (s) => {
      await s.remove(ids);
      for (const id of ids) acked.delete(id);
      if (dropped) await s.addDropped(ids.length);
    });
  }

  /** Takes events out of the next store write. */
  function unwrite(ids: string[]): void {
    const gone = new Set(ids);
    toWrite = toWrite.filter((i) => !gone.has(i.event.event_id));
  }

  /** Over the byte cap: drop the oldest events and count them. */
  async function enforceCap(s: EventStore): Promise<void> {
    let total = 0;
    index.forEach((v) => (total += v.bytes));
    if (total <= o.maxStoredBytes) return;
    const oldest = [...index.entries()].sort((a, b) => a[1].seq - b[1].seq);
    const ids: string[] = [];
    for (const [id, v] of oldest) {
      if (total <= o.maxStoredBytes) break;
      total -= v.bytes;
      ids.push(id);
      index.delete(id);
      unacked.delete(id);
    }
    await s.remove(ids);
    await s.addDropped(ids.length);
  }

  o.tab ||= o.now().toString(36) + o.random().toString(36).slice(2);
  o.locks.hold(o.tab);
  // Events left over by earlier pages or closed tabs go out soon.
  schedule(o.intervalMs);
  return { add, flush, sendNow, beacon, clear, stats };
}

function sortBySeq(items: StoredEvent[]): StoredEvent[] {
  return items.sort((a, b) => a.seq - b.seq);
}
