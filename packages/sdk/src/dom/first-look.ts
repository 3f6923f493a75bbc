/**
 * What must happen while sdk.js is evaluated, and nothing more: open the recorder when the URL asks
 * for it (first, so the page's URL is taken without that hash), take the page as it is now (its
 * view is recorded with this time and URL), and listen to the page. The SDK itself (client.ts) is
 * compiled and started in the next task; compiling it took most of the evaluation (3 – 5 ms of
 * main thread here). An event that comes before it has started starts it at once, then goes to it.
 */
import type { PageInfo } from '@actionlake/schema';
import { listenClicks, listenLifecycle, listenNavigation } from './listeners';
import { pageInfo } from './page';
import { watchRecorderHash } from './recorder';
import { guard } from '../core/safe';

/** What the SDK does on the page's events. */
export interface PageHandlers {
  click(el: Element): void;
  /** the URL changed through pushState / replaceState / popstate */
  navigate(): void;
  /** the page was hidden (it may never come back) */
  hide(): void;
  /** the page is unloaded or put in the back/forward cache */
  close(): void;
  online(): void;
}

export interface FirstLook {
  /** when the script ran: the first page view's time */
  at: number;
  firstUrl: string;
  firstReferrer: string;
  firstPage: PageInfo;
  /** Gives the handlers of the page's events; the SDK calls it while it starts. */
  listen(handlers: PageHandlers): void;
}

/**
 * Looks at the page and listens to it. `start`, when given, is called by the first event that
 * comes before `listen` was: it must start the SDK, which calls `listen`.
 */
export const firstLook = (site: string, collector: string, start?: () => void): FirstLook => {
  watchRecorderHash(site, collector, guard);
  const referrer = document.referrer;
  let h: PageHandlers | undefined;
  // the handlers by property, never by a string: sdk.js's build mangles their names
  const to = (): PageHandlers | undefined => {
    if (!h && start) start();
    return h;
  };
  listenClicks((el) => to()?.click(el));
  listenNavigation(() => to()?.navigate());
  listenLifecycle(() => to()?.hide(), () => to()?.close(), () => to()?.online());
  return { at: Date.now(), firstUrl: location.href, firstReferrer: referrer, firstPage: pageInfo(referrer), listen: (handlers) => (h = handlers) };
};
