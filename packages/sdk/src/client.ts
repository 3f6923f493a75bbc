/**
 * The SDK in a page: starts tracking and returns the public API (api.ts). Composed of the
 * visitor (visitor.ts: consent, identity, the queue) and the tagged actions (tagged.ts: what a
 * click is), driven by the page's events (dom/first-look.ts) and the API calls. Shaped so that
 * starting costs the page nothing it would notice: see `start`.
 */
import type { ActionDefinition, PageInfo } from '@actionlake/schema';
import { type ActionLake, type ActionLakeOptions, emptyDebugInfo, noopActionLake } from './api';
import { parseCampaign } from './core/campaign';
import { cut } from './core/cut';
import { isNewPage } from './core/navigation';
import { SITE_ID_PATTERN } from '@actionlake/schema';
import type { FieldReader } from './dom/action';
import { type FirstLook, firstLook } from './dom/first-look';
import { guard, guardAsync } from './core/safe';
import { taggedActions } from './tagged';
import { cachedActions, fetchActions } from './transport/actions';
import { createVisitor, nextTask } from './visitor';

export { HOLD_CLICKS_MS } from './tagged';

/** Whether these options can track in this page (a browser, a valid site id, a collector); warns when not. */
export const trackable = (options: ActionLakeOptions): boolean => {
  if (typeof document === 'undefined') return false; // no browser (a page has a window with its document)
  if (options && SITE_ID_PATTERN.test(options.site) && options.collector) return true;
  console.warn('actionlake: bad site or collector');
  return false;
};

/**
 * Starts tracking in this page: a page view now and on SPA navigations, click autocapture unless
 * disabled, and the durable send queue. Returns the public API. Never throws. `fields` gives the
 * reader of definitions' products and attributes: sdk.js loads it when a definition needs it.
 * `look`: the page as sdk.js found it while it was evaluated (first-look.ts); taken now if absent.
 */
export const createActionLake = (options: ActionLakeOptions, fields: () => Promise<FieldReader>, look?: FirstLook): ActionLake => {
  try {
    if (look) return start(options, fields, look);
    return trackable(options) ? start(options, fields, firstLook(options.site, options.collector)) : noopActionLake();
  } catch {
    return noopActionLake();
  }
};

/**
 * What runs when the SDK starts is only what must not wait: the API and the page's listeners. The
 * rest (consent and visitor state from localStorage, the page view event, the queue, the
 * definitions) runs in `begin`, in a task of its own right after, or at once when something needs
 * it first (an API call, a navigation, the page being hidden). Clicks wait (tagged.ts) until the
 * definitions are known.
 */
const start = (o: ActionLakeOptions, fields: () => Promise<FieldReader>, look: FirstLook): ActionLake => {
  let lastUrl = look.firstUrl;
  let referrer = look.firstReferrer;
  const visitor = createVisitor(o, () => referrer);
  const tagged = taggedActions(fields, o.autocapture !== false, (spec) => visitor.record(spec));
  let begun = false;

  /** A page view of the current page, or (`at`, `page`) of the page as the script found it. */
  const pageview = (at?: number, page?: PageInfo): void => {
    if (!page) lastUrl = location.href;
    visitor.record({ action: 'Page viewed', action_type: 'pageview' }, parseCampaign(lastUrl), undefined, false, at, page);
  };

  const begin = (): void => {
    if (begun) return;
    begun = true;
    visitor.begin();
    pageview(look.at, look.firstPage);
    if (visitor.granted()) tagged.use(cachedActions(o.site));
    nextTask().then(() => fetchActions(o.collector, o.site, visitor.granted())).then((a) => tagged.use(a, true), () => tagged.use(undefined, true));
  };

  /** An API method that first makes sure `begin` ran. */
  const ready = <A extends unknown[]>(fn: (...a: A) => void) => guard((...a: A) => {
    begin();
    fn(...a);
  });
  const api: ActionLake = {
    track: ready((action: string, attributes?: unknown) => {
      if (typeof action === 'string' && action) visitor.record({ action, action_type: 'custom', attributes });
    }),
    identify: ready((userId: string, traits?: unknown) => {
      if ((typeof userId === 'string' || typeof userId === 'number') && userId !== '') {
        visitor.record({ action: 'Identified', action_type: 'identify', traits }, null, cut('' + userId, 256));
      }
    }),
    page: ready(() => pageview()),
    consent: ready((value: string) => (value === 'granted' || value === 'denied') && visitor.consent(value)),
    reset: ready(() => visitor.reset()),
    flush: guardAsync(async () => {
      begin();
      await visitor.queue()?.flush();
    }, undefined),
    _debug: guardAsync(async () => {
      begin();
      return (await visitor.queue()?.stats()) || emptyDebugInfo();
    }, emptyDebugInfo()),
    // the hook of the Action Recorder in this tab: what it just saved applies from the next click on
    _actions: ready((defs: ActionDefinition[]) => tagged.use(defs, true)),
  };

  setTimeout(guard(begin), 0);
  look.listen({
    click: tagged.click,
    navigate: () => {
      begin();
      if (!isNewPage(lastUrl, location.href)) return;
      referrer = lastUrl;
      pageview();
    },
    hide: () => {
      begin();
      tagged.release(); // held clicks go with the rest
      const q = visitor.queue();
      if (q) q.sendNow();
    },
    // offline, a beacon is accepted and lost: keep the events stored for the next visit instead
    close: () => {
      begin();
      tagged.release();
      const q = visitor.queue();
      if (q && navigator.onLine !== false) q.beacon();
    },
    online: () => {
      const q = visitor.queue();
      if (q) q.flush();
    },
  });
  return api;
};
