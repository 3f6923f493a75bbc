/**
 * Where an event goes, and who it is about: consent, the visitor (anonymous id, session, user id,
 * campaign) and the queue. Granted: an event goes to the durable queue, the visitor's state to
 * localStorage. Pending: events wait in memory (the last 500) for an answer. Denied: nothing is
 * recorded or stored, but the denial itself, under a one-off visitor. Other tabs of the site share
 * the visitor: each event first picks up what they changed (their session activity, identify()).
 * Nothing here touches storage until `begin` (client.ts runs it once the script has started).
 */
import type { ConsentInfo, PageInfo, WireEvent } from '@actionlake/schema';
import type { ActionLakeOptions } from './api';
import type { Campaign } from './core/campaign';
import { initialConsent } from './core/consent';
import { type EventSpec, buildEvent } from './core/event';
import { type EventQueue, createQueue } from './core/queue';
import type { Timers } from './core/types';
import { type SessionState, resetSession, touchSession } from './core/session';
import { uuid } from './core/uuid';
import { deviceInfo, pageInfo } from './dom/page';
import { botSignals, gpcOn, storedConsent, storeConsent } from './dom/privacy';
import { loadState, removeState, saveState } from './store/local';
import { tabLocks } from './store/lock';
import { handOverNotes } from './store/notes';
import { openEventStore } from './store/open';
import { batchUrl, httpTransport } from './transport/http';

/** Events kept in memory while consent is pending; beyond this the oldest go. */
const MAX_HELD = 500;
/** Resolves in a later task: spreads the start over short tasks (IndexedDB, the definitions' request). */
export const nextTask = (): Promise<unknown> => new Promise((r) => setTimeout(r, 0));
const timers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) };

export interface Visitor {
  /** Reads the consent answer and the visitor from storage; opens the queue when granted (it sends what earlier pages left). */
  begin(): void;
  /**
   * Records an event now (or at `at`, on the page `page`). `landing`: the campaign of a page
   * view's URL; `once`: the denial's own event, under a one-off visitor that is never stored.
   */
  record(spec: EventSpec, landing?: Campaign | null, userId?: string, once?: boolean, at?: number, page?: PageInfo): void;
  consent(value: 'granted' | 'denied'): void;
  /** A new anonymous id and session, no user id (logout). */
  reset(): void;
  /** The queue, once events may be sent: null before `begin`, and while consent is pending. */
  queue(): EventQueue | null;
  granted(): boolean;
}

/** `referrer()`: the page's referrer now (single-page apps: the previous URL). */
export const createVisitor = (o: ActionLakeOptions, referrer: () => string): Visitor => {
  let c: ConsentInfo;
  let state: SessionState | null = null;
  let queue: EventQueue | null = null;
  /** Events recorded while consent is pending: in memory only. */
  let held: WireEvent[] = [];

  const ensureQueue = (): EventQueue =>
    queue || (queue = createQueue({
      store: nextTask().then(openEventStore), transport: httpTransport(batchUrl(o.collector)), locks: tabLocks,
      notes: handOverNotes, timers, maxStoredBytes: o.maxStoredBytes, intervalMs: o.flushIntervalMs,
    }));

  const record = (spec: EventSpec, landing: Campaign | null = null, userId?: string, once?: boolean, now = Date.now(), page = pageInfo(referrer())): void => {
    if (c.state === 'denied' && !once) return;
    if (c.state === 'granted') state = loadState() || state;
    const s = once ? touchSession(null, now, null, uuid) : (state = touchSession(state, now, landing, uuid));
    if (userId !== undefined) s.user_id = userId;
    const device = deviceInfo(s.tz);
    s.tz = device.timezone || s.tz;
    const event = buildEvent({ site: o.site, event_id: uuid(), now, session: s, page, device }, spec);
    event.consent = c;
    const signals = botSignals(); // per event: the recorder opens and closes in a tab
    if (signals) event.bot_signals = signals;
    if (c.state === 'pending') {
      if (held.push(event) > MAX_HELD) held.shift(); // a page left open without a consent answer
      return;
    }
    if (!once) saveState(s);
    ensureQueue().add(event);
  };

  return {
    begin() {
      c = initialConsent(storedConsent(o.site), o.consent === 'pending', gpcOn(), !o.ignoreGpc);
      if (c.state === 'denied') removeState();
      state = loadState();
      if (c.state === 'granted') ensureQueue();
    },
    record,
    consent(value) {
      storeConsent(o.site, value);
      const changed = value !== c.state;
      c = initialConsent(value, false, c.gpc, false);
      if (value === 'granted') {
        if (state) saveState(state);
        const q = ensureQueue();
        for (const ev of held) q.add(ev);
      } else {
        state = null;
        removeState();
      }
      held = [];
      // after a denial: under a one-off visitor (nothing links it to what came before), once the queue is empty
      const note = () => changed && record({ action: 'Consent changed', action_type: 'consent' }, null, undefined, value === 'denied');
      if (value === 'denied' && queue) queue.clear().then(note);
      else note();
    },
    reset() {
      state = resetSession(Date.now(), uuid);
      if (c.state === 'granted') saveState(state);
    },
    queue: () => (c.state === 'pending' ? null : queue),
    granted: () => c.state === 'granted',
  };
};
