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

export function deviceInfo(): DeviceInfo {
  if (!locale) {
    locale = {};
    const lang = clip(navigator.language, 64);
    if (lang) locale.language = lang;
    try {
      const tz = clip(Intl.DateTimeFormat().resolvedOptions().timeZone, 64);
      if (tz) locale.timezone = tz;
    } catch {
      // no Intl time zone support
    }
  }
  return {
    screen_width: screen.width, screen_height: screen.height,
    viewport_width: window.innerWidth, viewport_height: window.innerHeight,
    ...locale,
  };
}
