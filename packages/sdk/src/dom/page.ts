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

export function deviceInfo(): DeviceInfo {
  const d: DeviceInfo = {
    screen_width: screen.width, screen_height: screen.height,
    viewport_width: window.innerWidth, viewport_height: window.innerHeight,
  };
  const lang = clip(navigator.language, 64);
  if (lang) d.language = lang;
  try {
    const tz = clip(Intl.DateTimeFormat().resolvedOptions().timeZone, 64);
    if (tz) d.timezone = tz;
  } catch {
    // no Intl time zone support
  }
  return d;
}
