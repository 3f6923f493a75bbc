/**
 * The page and device an event happened on: URL, path, title, referrer; screen and viewport,
 * language and time zone. Reading the time zone can cost a page tens of milliseconds, so it is
 * read the cheap way or later (see deviceInfo).
 */
import type { DeviceInfo, PageInfo } from '@actionlake/schema';
import { clip } from '../core/event';
import { attempt } from '../core/safe';

/** The current page; `referrer` defaults to document.referrer (SPA navigations pass the previous URL). */
export const pageInfo = (referrer: string = document.referrer): PageInfo => {
  const page: PageInfo = { url: clip(location.href), path: clip(location.pathname) };
  const title = clip(document.title);
  if (title) page.title = title;
  const ref = clip(referrer);
  if (ref) page.referrer = ref;
  return page;
};

/** Language and time zone do not change while the page is open: read them once. */
let locale: Pick<DeviceInfo, 'language' | 'timezone'> | undefined;
/** Devices of events recorded before the time zone was known: completed once it is. */
let waiting: DeviceInfo[] = [];

/**
 * The time zone: `Temporal.Now.timeZoneId()` where the browser has it (about 0.1 ms, the same ID).
 * Else Intl: the first Intl.DateTimeFormat() of a page costs 20–90 ms of main thread here, so it
 * never runs while the script starts. A returning visitor's time zone is `cachedTz` (kept with the
 * visitor's state); a new visitor's is read when the page is idle (within 0.5 s: well before the
 * first send) and filled into the events recorded until then.
 */
export const deviceInfo = (cachedTz?: string): DeviceInfo => {
  if (!locale) {
    locale = {};
    const lang = clip(navigator.language, 64);
    if (lang) locale.language = lang;
    const now = temporalZone();
    const tz = now || cachedTz;
    if (tz) locale.timezone = tz;
    // Intl: a cached zone is refreshed for the next page, later; an unknown one when the page is idle
    if (!now) {
      if (cachedTz) setTimeout(readTimezone, 5000);
      else if (typeof requestIdleCallback == 'function') requestIdleCallback(readTimezone, { timeout: 500 });
      else setTimeout(readTimezone, 0);
    }
  }
  const d: DeviceInfo = {
    screen_width: screen.width, screen_height: screen.height,
    viewport_width: window.innerWidth, viewport_height: window.innerHeight,
    ...locale,
  };
  if (!d.timezone) waiting.push(d);
  return d;
};

/** undefined without Temporal */
const temporalZone = (): string | undefined =>
  attempt(() => clip((globalThis as unknown as { Temporal: { Now: { timeZoneId(): string } } }).Temporal.Now.timeZoneId(), 64));

const readTimezone = (): void => {
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
};
