import type { WireEvent } from '@actionlake/schema';
import { type ActionLake, type ActionLakeOptions, emptyDebugInfo, noopActionLake } from './api';
import { type Campaign, parseCampaign } from './core/campaign';
import { type EventSpec, buildEvent } from './core/event';
import { isNewPage } from './core/navigation';
import { type EventQueue, createQueue } from './core/queue';
import { type SessionState, resetSession, touchSession } from './core/session';
import { uuid } from './core/uuid';
import { SITE_ID_PATTERN, type ActionDefinition } from '@actionlake/schema';
import { clickEvent, usableActions } from './dom/action';
import { listenClicks, listenLifecycle, listenNavigation } from './dom/listeners';
import { watchRecorderHash } from './dom/recorder';
import { deviceInfo, pageInfo } from './dom/page';
import { guard, guardAsync } from './safe';
import { loadState, removeState, saveState } from './store/local';
import { tabLocks } from './store/lock';
import { openEventStore } from './store/open';
import { cachedActions, fetchActions } from './transport/actions';
import { batchUrl, httpTransport } from './transport/http';
import { cut } from './core/cut';

/** Events kept in memory while consent is pending; beyond this the oldest go. */
const MAX_HELD = 500;

/**
 * Starts tracking in this page: a page view now and on SPA navigations, click autocapture unless
 * disabled, and the durable send queue. Returns the public API. Never throws.
 */
export function createActionLake(options: ActionLakeOptions): ActionLake {
  try {
    if (typeof window === 'undefined' || typeof document === 'undefined') return noopActionLake();
    if (!options || !SITE_ID_PATTERN.test(options.site) || !options.collector) {
      console.warn('[actionlake] not tracking: bad site id or collector');
      return noopActionLake();
    }
    return start(options);
  } catch {
    return noopActionLake();
  }
}

function start(o: ActionLakeOptions): ActionLake {
  let consent: 'granted' | 'pending' | 'denied' = o.consent === 'pending' ? 'pending' : 'granted';
  let state: SessionState | null = loadState();
  let queue: EventQueue | null = null;
  /** Events recorded while consent is pending: in memory only. */
  let held: WireEvent[] = [];
  let lastUrl = location.href;
  let referrer = document.referrer;

  const ensureQueue = (): EventQueue =>
    queue || (queue = createQueue({
      store: openEventStore(), transport: httpTransport(batchUrl(o.collector)), locks: tabLocks,
      maxStoredBytes: o.maxStoredBytes, intervalMs: o.flushIntervalMs,
    }));

  const record = (spec: EventSpec, landing: Campaign | null, userId?: string): void => {
    if (consent === 'denied') return;
    const now = Date.now();
    // Other tabs of the site share the visitor: pick up their session activity and identify().
    if (consent === 'granted') state = loadState() || state;
    state = touchSession(state, now, landing, uuid);
    if (userId !== undefined) state.user_id = userId;
    const device = deviceInfo(state.tz);
    state.tz = device.timezone || state.tz;
    const event = buildEvent({ site: o.site, event_id: uuid(), now, session: state, page: pageInfo(referrer), device }, spec);
    if (consent === 'pending') {
      if (held.push(event) > MAX_HELD) held.shift(); // a page left open without a consent answer
      return;
    }
    saveState(state);
    ensureQueue().add(event);
  };

  const pageview = (): void => {
    lastUrl = location.href;
    record({ action: 'Page viewed', action_type: 'pageview' }, parseCampaign(lastUrl));
  };

  const api: ActionLake = {
    track: guard((action: string, attributes?: unknown) => {
      if (typeof action !== 'string' || !action) return;
      record({ action, action_type: 'custom', attributes }, null);
    }),
    identify: guard((userId: string, traits?: unknown) => {
      if ((typeof userId !== 'string' && typeof userId !== 'number') || userId === '') return;
      record({ action: 'Identified', action_type: 'identify', traits }, null, cut(String(userId), 256));
    }),
    page: guard(pageview),
    consent: guard((value: string) => {
      if (value === 'granted' && consent !== 'granted') {
        consent = 'granted';
        if (state) saveState(state);
        const q = ensureQueue();
        for (const ev of held) q.add(ev);
        held = [];
      } else if (value === 'denied') {
        consent = 'denied';
        held = [];
        state = null;
        removeState();
        if (queue) queue.clear();
      }
    }),
    reset: guard(() => {
      state = resetSession(Date.now(), uuid);
      if (consent === 'granted') saveState(state);
    }),
    flush: guardAsync(() => (queue && consent === 'granted' ? queue.flush() : Promise.resolve()), undefined),
    _debug: guardAsync(async () => (queue && (await queue.stats())) || emptyDebugInfo(), emptyDebugInfo()),
  };

  if (consent === 'granted') ensureQueue(); // sends what earlier pages left behind
  watchRecorderHash(o.site, o.collector, guard); // first, so the page view's URL is without the hash
  pageview();
  // Tagged actions apply even with autocapture off; other clicks are `Element clicked`.
  let actions: ActionDefinition[] = consent === 'granted' ? usableActions(cachedActions(o.site)) : [];
  fetchActions(o.collector, o.site, consent === 'granted').then((a) => (actions = usableActions(a)), () => undefined);
  listenClicks((el) => {
    const click = clickEvent(actions, el, location.pathname, o.autocapture !== false);
    if (click) record(click.event, null);
  }, guard);
  listenNavigation(() => {
    if (!isNewPage(lastUrl, location.href)) return;
    referrer = lastUrl;
    pageview();
  }, guard);
  listenLifecycle(
    () => queue && queue.sendNow(),
    // offline, a beacon is accepted and lost: keep the events stored for the next visit instead
    () => queue && navigator.onLine !== false && queue.beacon(),
    () => queue && queue.flush(),
    guard,
  );
  return api;
}
