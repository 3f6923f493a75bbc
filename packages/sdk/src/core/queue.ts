/**
 * The durable send queue of one tab. An event is kept in memory and written to the store
 * (core/outbox.ts), sent from memory within about a second (core/pace.ts, core/sender.ts), and
 * removed from the store once the collector took it. The store is what makes delivery durable:
 * what a page could not send is there for the next one. The tabs of a site share it: a tab sends
 * only its own events, and what tabs that are gone left is adopted by one tab at a time
 * (core/tabs.ts). A closing page hands what it has not sent to the browser (core/close.ts) and
 * notes it, so no tab sends it again.
 *
 * One closure per tab, read top-down: the state, then `add` (an event in), `runFlush` (one
 * flush at a time: this tab's events, then maybe other tabs' leftovers), `beacon` (the page
 * closes), `clear` (consent denied). The parts it composes keep their own state.
 */
import type { WireEvent } from '@actionlake/schema';
import { byteLength, idOf, requestBody, splitBatches } from './batch';
import { handOver } from './close';
import { createOutbox } from './outbox';
import { createPace } from './pace';
import { createSender } from './sender';
import { leftovers } from './tabs';
import type { EventStore, HandOverNotes, StoredEvent, TabLocks, Timers, Transport } from './types';

const DEFAULT_MAX_STORED_BYTES = 5 * 1024 * 1024;
const MAX_BATCH_EVENTS = 50;

export interface QueueOptions {
  store: EventStore | Promise<EventStore>;
  transport: Transport;
  /** How the tabs of the site share the store (src/store/: Web Locks, localStorage). */
  locks: TabLocks;
  notes: HandOverNotes;
  timers: Timers;
  /** Cap on the bytes of stored events (default 5 MB); past it the oldest are dropped and counted. */
  maxStoredBytes?: number;
  /** Upper bound between an event being queued and a send attempt (default 1 s; a full batch goes at once). */
  intervalMs?: number;
  now?: () => number;
  random?: () => number;
  /** This tab's id (tests); default random. */
  tab?: string;
}

/**
 * Every event is written to the store and sent from memory within about a second; it is removed
 * from the store once the collector answered 2xx (or refused it for good with a 4xx, counted as
 * dropped), or once a closing page handed it to the browser (beacon, or a keepalive request in
 * flight), which delivers it after the page is gone.
 */
export interface EventQueue {
  /** Stores the event, then schedules a send (at once for a full batch). Resolves once it is stored. */
  add(event: WireEvent): Promise<void>;
  /** Sends everything queued; resolves when it was acknowledged or the attempt failed. Never rejects. */
  flush(): Promise<void>;
  /** Sends now without waiting for another tab (the page is being hidden). */
  sendNow(): void;
  /** The page is being closed: hands what is left to the browser (core/close.ts). */
  beacon(): void;
  /** Drops every queued event (consent denied). */
  clear(): Promise<void>;
  /** undefined when the store cannot be read */
  stats(): Promise<{ stored: number; dropped: number; storage: EventStore['kind'] } | undefined>;
}

export const createQueue = (options: QueueOptions): EventQueue => {
  const { transport, locks, notes, now = Date.now, random = Math.random } = options;
  const intervalMs = options.intervalMs || 1000;
  const tab = options.tab || now().toString(36) + random().toString(36).slice(2);

  /** This tab's events not yet acknowledged: sent from memory. */
  const unacked = new Map<string, StoredEvent>();
  const forget = (ids: string[]) => ids.forEach((id) => unacked.delete(id));
  const outbox = createOutbox(Promise.resolve(options.store), options.maxStoredBytes || DEFAULT_MAX_STORED_BYTES, forget);
  const sender = createSender(transport, now, (batch, dropped) => {
    const ids = batch.map(idOf);
    forget(ids);
    return outbox.remove(ids, dropped);
  });
  const pace = createPace(options.timers, now, random, () => runFlush(false));
  let flushes: Promise<unknown> = Promise.resolve();
  /** Bumped by clear(): a send already running stops instead of sending what was dropped. */
  let gen = 0;
  /** Other tabs' leftovers may be waiting: look at the store on the next flush. */
  let adoptDue = true;
  /** Tabs alive with events stored, whose going this tab waits for. */
  const watching = new Set<string>();
  let lastSeq = 0;

  const add = (event: WireEvent): Promise<void> => {
    lastSeq = Math.max(now() * 1000, lastSeq + 1);
    const item: StoredEvent = { event, bytes: byteLength(JSON.stringify(event)), seq: lastSeq, tab };
    unacked.set(event.event_id, item);
    pace.soon(unacked.size >= MAX_BATCH_EVENTS ? 0 : intervalMs);
    return outbox.put(item);
  };

  /**
   * One flush at a time: this tab's own events first, without any lock; then, when leftovers may
   * be waiting (at start, on flush(), once a watched tab is gone), other tabs' leftovers, holding
   * the flush lock: an explicit flush() waits for it, a timed one tries again later.
   */
  const runFlush = (explicit: boolean): Promise<void> => {
    const p = flushes.then(async () => {
      const wait = pace.wait();
      if (wait > 0) return pace.soon(wait); // a timer may fire a little early
      if (!(await send([...unacked.values()].sort((a, b) => a.seq - b.seq)))) return;
      if (!explicit && !adoptDue) return;
      adoptDue = false;
      if (!(await locks.exclusive(adopt, explicit))) adoptLater();
    }).catch(() => undefined);
    flushes = p;
    return p;
  };

  const adoptLater = (): void => {
    adoptDue = true;
    pace.soon(intervalMs);
  };

  /** Sends in batches; false when a batch failed (a retry is scheduled) or clear() ran meanwhile. */
  const send = async (items: StoredEvent[]): Promise<boolean> => {
    const g = gen;
    const live = () => g === gen;
    for (const batch of splitBatches(items)) {
      const retryIn = await sender.send(batch, live);
      if (!live()) return false; // consent denied meanwhile: send nothing more
      if (retryIn !== null) {
        pace.failed(retryIn);
        return false;
      }
    }
    pace.passed();
    if (unacked.size) pace.soon(intervalMs);
    return true;
  };

  /**
   * Holding the flush lock: sends what tabs that are gone left, removes what closed tabs handed
   * over (then their notes), and watches the tabs alive with events stored. In this order: a tab
   * takes its lock before it stores an event, and notes its hand-over before it lets the lock go,
   * so an event read here whose tab the locks then call gone has its hand-over noted already.
   */
  const adopt = async (): Promise<void> => {
    const l = leftovers(await outbox.all(), tab, await locks.alive(), notes.read());
    if (await outbox.remove(l.handed)) l.spent.forEach((t) => notes.forget(t));
    for (const t of l.owners) {
      if (watching.has(t)) continue;
      watching.add(t);
      locks.whenGone(t, () => {
        watching.delete(t);
        adoptLater();
      });
    }
    if (!(await send(l.orphans))) adoptDue = true;
  };

  /**
   * The page is being closed: hands this tab's unsent events to the browser (core/close.ts), and
   * notes them with the keepalive batch in flight and the acknowledged events whose removal has
   * not run, then removes them all from the store. While sends are failing (offline?) nothing is
   * handed over: the events stay stored for another tab or the next visit.
   */
  const beacon = (): void => {
    const inflight = sender.inflight();
    const failing = !transport.beacon || pace.failing();
    const handed = !failing && inflight && inflight.sendMode.keepAlive ? inflight.ids.slice() : [];
    if (!failing) {
      const unsent = [...unacked.values()].filter((i) => handed.indexOf(idOf(i)) < 0).sort((a, b) => a.seq - b.seq);
      handed.push(...handOver(unsent, (body) => transport.beacon!(body), (batch) => requestBody(batch, now())));
    }
    forget(handed);
    outbox.removing.forEach((id) => handed.push(id)); // the page will not live to run those removals
    if (!handed.length) return;
    notes.note(tab, handed);
    outbox.removeNow(handed);
  };

  const clear = (): Promise<void> => {
    gen++;
    unacked.clear();
    for (const t in notes.read()) notes.forget(t);
    return outbox.clear().then(() => undefined);
  };

  locks.hold(tab);
  // Events left over by earlier pages or closed tabs go out soon.
  pace.soon(intervalMs);
  return {
    add,
    flush: () => runFlush(true),
    sendNow: () => void runFlush(false),
    beacon,
    clear,
    stats: () => outbox.run(async (s) => ({ stored: (await s.all()).length, dropped: await s.dropped(), storage: s.kind })),
  };
};
