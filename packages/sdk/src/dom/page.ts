import type { DeviceInfo, PageInfo } from '@actionlake/schema';
import { clip } from '../core/event';

/** The current page; `referrer` defaults to document.referrer (SPA navigations pass the previous URL). */
export function pageInfo(referrer: string = document.referrer): PageInfo {
  const page: PageInfo = { url: clip(location.href), path: clip(location.pathname) };
  const title = clip(document.title);
  if (title) page.title = title;
  const ref = clip(referrer);
  if (ref) page.referrer = ref;
  return page;
}

/** Language and time zone do not change while the page is open: read them once. */
let locale: Pick<DeviceInfo, 'language' | 'timezone'> | undefined;
/** Devices of events recorded before the time zone was known: completed once it is. */
let waiting: DeviceInfo[] = [];

/**
 * The first Intl.DateTimeFormat() of a page costs 14–18 ms of main thread: it never runs while
 * the script starts. A returning visitor's time zone is `cachedTz` (kept with the visitor's state);
 * a new visitor's is read in a later task (well before the first send) and filled into the events
 * recorded until then.
 */
export function deviceInfo(cachedTz?: string): DeviceInfo {
  if (!locale) {
    locale = {};
    const lang = clip(navigator.language, 64);
    if (lang) locale.language = lang;
    if (cachedTz) locale.timezone = cachedTz;
    setTimeout(readTimezone, cachedTz ? 5000 : 0); // a cached one is refreshed for the next page
  }
  const d: DeviceInfo = {
    screen_width: screen.width, screen_height: screen.height,
    viewport_width: window.innerWidth, viewport_height: window.innerHeight,
    ...locale,
  };
  if (!d.timezone) waiting.push(d);
  return d;
}

function readTimezone(): void {
  try {
    const tz = clip(Intl.DateTimeFormat().resolvedOptions().timeZone, 64);
    if (!tz || !locale) return;
    locale.timezone = tz;
    for (const d of waiting) d.timezone = tz;
  } catch {
    // no Intl time zone support
  } finally {
    waiting = [];
  }
}
