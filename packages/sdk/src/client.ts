import type { ConsentInfo, PageInfo, WireEvent } from '@actionlake/schema';
import { type ActionLake, type ActionLakeOptions, emptyDebugInfo, noopActionLake } from './api';
import { type Campaign, parseCampaign } from './core/campaign';
import { initialConsent } from './core/consent';
import { type EventSpec, buildEvent } from './core/event';
import { isNewPage } from './core/navigation';
import { type EventQueue, createQueue } from './core/queue';
import { type SessionState, resetSession, touchSession } from './core/session';
import { uuid } from './core/uuid';
import { SITE_ID_PATTERN, type ActionDefinition } from '@actionlake/schema';
import { type FieldReader, clickWith, hasFields, usableActions } from './dom/action';
import { type FirstLook, firstLook } from './dom/first-look';
import { deviceInfo, pageInfo } from './dom/page';
import { botSignals, gpcOn, storedConsent, storeConsent } from './dom/privacy';
import { guard, guardAsync } from './core/safe';
import { loadState, removeState, saveState } from './store/local';
import { tabLocks } from './store/lock';
import { handOverNotes } from './store/notes';
import { openEventStore } from './store/open';
import { cachedActions, fetchActions } from './transport/actions';
import { batchUrl, httpTransport } from './transport/http';
import { cut } from './core/cut';

/** Longest wait of a click for the site's action definitions on a first visit (none cached), or for sdk-fields.js. */
export const HOLD_CLICKS_MS = 3_000;
/** Resolves in a later task: spreads the start over short tasks (IndexedDB, the definitions' request). */
const nextTask = (): Promise<unknown> => new Promise((r) => setTimeout(r, 0));
/** Events kept in memory while consent is pending; beyond this the oldest go. */
const MAX_HELD = 500;

/** Whether these options can track in this page (a browser, a valid site id, a collector); warns when not. */
export function trackable(options: ActionLakeOptions): boolean {
  if (typeof window === 'undefined' || typeof document === 'undefined') return false;
  if (options && SITE_ID_PATTERN.test(options.site) && options.collector) return true;
  console.warn('[actionlake] not tracking: bad site id or collector');
  return false;
}

/**
 * Starts tracking in this page: a page view now and on SPA navigations, click autocapture unless
 * disabled, and the durable send queue. Returns the public API. Never throws. `fields` gives the
 * reader of definitions' products and attributes: sdk.js loads it when a definition needs it.
 * `look`: the page as sdk.js found it while it was evaluated (first-look.ts); taken now if absent.
 */
export function createActionLake(options: ActionLakeOptions, fields: () => Promise<FieldReader>, look?: FirstLook): ActionLake {
  try {
    if (look) return start(options, fields, look);
    return trackable(options) ? start(options, fields, firstLook(options.site, options.collector)) : noopActionLake();
  } catch {
    return noopActionLake();
  }
}

/**
 * What runs when the SDK starts is only what must not wait: the API and the page's listeners. The
 * rest (consent and visitor state from localStorage, the page view event, the queue, the
 * definitions) runs in `begin`, in a task of its own right after, or at once when something needs
 * it first (an API call, a navigation, the page being hidden). Clicks wait in `early` until the
 * definitions are known.
 */
function start(o: ActionLakeOptions, fields: () => Promise<FieldReader>, look: FirstLook): ActionLake {
  const loadedAt = look.at;
  let lastUrl = look.url;
  let referrer = look.referrer;
  const firstPage = look.page;
  let c: ConsentInfo;
  let state: SessionState | null = null;
  let queue: EventQueue | null = null;
  /** Events recorded while consent is pending: in memory only. */
  let held: WireEvent[] = [];
  let begun = false;

  const ensureQueue = (): EventQueue =>
    queue || (queue = createQueue({
      store: nextTask().then(openEventStore), transport: httpTransport(batchUrl(o.collector)), locks: tabLocks, notes: handOverNotes,
      maxStoredBytes: o.maxStoredBytes, intervalMs: o.flushIntervalMs,
    }));

  /** `once`: the denial's own event, under a one-off visitor that is never stored */
  const record = (spec: EventSpec, landing: Campaign | null, userId?: string, once?: boolean, now = Date.now(), page = pageInfo(referrer)): void => {
    if (c.state === 'denied' && !once) return;
    // Other tabs of the site share the visitor: pick up their session activity and identify().
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

  /** A page view of the current page, or (`at`, `page`) of the page as the script found it. */
  const pageview = (at?: number, page?: PageInfo): void => {
    if (!page) lastUrl = location.href;
    record({ action: 'Page viewed', action_type: 'pageview' }, parseCampaign(lastUrl), undefined, false, at, page);
  };
  /** An API method that first makes sure `begin` ran. */
  const ready = <A extends unknown[]>(fn: (...a: A) => void) => guard((...a: A) => {
    begin();
    fn(...a);
  });

  const api: ActionLake = {
    track: ready((action: string, attributes?: unknown) => {
      if (typeof action !== 'string' || !action) return;
      record({ action, action_type: 'custom', attributes }, null);
    }),
    identify: ready((userId: string, traits?: unknown) => {
      if ((typeof userId !== 'string' && typeof userId !== 'number') || userId === '') return;
      record({ action: 'Identified', action_type: 'identify', traits }, null, cut(String(userId), 256));
    }),
    page: ready(() => pageview()),
    consent: ready((value: string) => {
      if (value !== 'granted' && value !== 'denied') return;
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
    }),
    reset: ready(() => {
      state = resetSession(Date.now(), uuid);
      if (c.state === 'granted') saveState(state);
    }),
    flush: guardAsync(() => (begin(), queue && c.state !== 'pending' ? queue.flush() : Promise.resolve()), undefined),
    _debug: guardAsync(async () => (begin(), queue && (await queue.stats())) || emptyDebugInfo(), emptyDebugInfo()),
    _actions: ready((defs: ActionDefinition[]) => use(defs, true)),
  };

  // Tagged actions apply even with autocapture off; other clicks are `Element clicked`.
  let actions: ActionDefinition[] = [];
  let read: FieldReader | undefined;
  let reading: Promise<unknown> | undefined;
  const classify = (el: Element): void => {
    const click = clickWith(actions, el, location.pathname, o.autocapture !== false, read);
    if (click) record(click.event, null);
  };
  // Clicks wait (HOLD_CLICKS_MS at most, or until the page is hidden) for the definitions on a first
  // visit, so an early "Add to cart" is still `Product clicked`, and for the field reader when a
  // definition maps products or attributes.
  let early: Element[] | null = [];
  const release = guard((): void => {
    begin();
    if (early) early.forEach(classify);
    early = null;
  });
  // one deadline, from the latest reason to wait: an earlier hold's timer must not release the
  // clicks a later one (the field reader still loading) holds
  let holdTimer: ReturnType<typeof setTimeout> | undefined;
  const hold = (): void => {
    early ||= [];
    clearTimeout(holdTimer);
    holdTimer = setTimeout(release, HOLD_CLICKS_MS);
  };
  const use = (defs: ActionDefinition[], fetched?: boolean): void => {
    actions = usableActions(defs);
    if (!read && actions.some(hasFields)) {
      hold();
      (reading ||= fields().then((r) => (read = r), () => (reading = undefined))).then(release);
    } else if (fetched || actions.length) release();
  };
  function begin(): void {
    if (begun) return;
    begun = true;
    c = initialConsent(storedConsent(o.site), o.consent === 'pending', gpcOn(), !o.ignoreGpc);
    if (c.state === 'denied') removeState();
    state = loadState();
    if (c.state === 'granted') ensureQueue(); // sends what earlier pages left behind
    pageview(loadedAt, firstPage);
    hold();
    if (c.state === 'granted') use(cachedActions(o.site));
    nextTask().then(() => fetchActions(o.collector, o.site, c.state === 'granted')).then((a) => use(a, true), () => reading || release());
  }
  setTimeout(guard(begin), 0);
  look.listen({
    click: (el) => (early ? early.push(el) : classify(el)),
    navigate: () => {
      begin();
      if (!isNewPage(lastUrl, location.href)) return;
      referrer = lastUrl;
      pageview();
    },
    hide: () => {
      release(); // held clicks go with the rest
      if (queue) queue.sendNow();
    },
    // offline, a beacon is accepted and lost: keep the events stored for the next visit instead
    close: () => {
      release();
      if (queue && navigator.onLine !== false) queue.beacon();
    },
    online: () => queue && queue.flush(),
  });
  return api;
}
