/**
 * The page events the SDK listens to, each listener installed once while sdk.js is evaluated
 * (dom/first-look.ts): one delegated click listener (capturing, so a page that stops propagation
 * still reports the click), history changes of single-page apps, and the page's life cycle
 * (hidden, closed, back online).
 */
import { guard } from '../core/safe';

/** One delegated, capturing click listener; calls `onClick` with the element clicked. */
export const listenClicks = (onClick: (el: Element) => void): void => {
  document.addEventListener('click', guard((ev: Event) => {
    const t = ev.target as Node | null;
    const el = t && t.nodeType === 1 ? (t as Element) : t && t.parentElement;
    if (el) onClick(el);
  }), true);
};

/**
 * Calls `onChange` after pushState / replaceState / popstate changed the URL (single-page apps).
 * Runs on a timeout so the app can update the title first.
 */
export const listenNavigation = (onChange: () => void): void => {
  const fire = guard(() => setTimeout(guard(onChange), 0));
  const h = history;
  for (const name of 'pushState replaceState'.split(' ') as ('pushState' | 'replaceState')[]) {
    const orig = h[name]; // a function in every browser sdk.js runs in (it needs fetch and Promise)
    h[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const r = orig.apply(this, args);
      fire();
      return r;
    };
  }
  addEventListener('popstate', fire);
};

/**
 * `onHide` when the page is hidden (it may never come back), `onClose` when it is unloaded (or
 * put in the back/forward cache); `onOnline` when the network comes back.
 */
export const listenLifecycle = (onHide: () => void, onClose: () => void, onOnline: () => void): void => {
  document.addEventListener('visibilitychange', guard(() => {
    if (document.visibilityState === 'hidden') onHide();
  }));
  addEventListener('pagehide', guard(onClose));
  addEventListener('online', guard(onOnline));
};
