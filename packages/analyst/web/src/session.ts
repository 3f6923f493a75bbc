/**
 * What the views share with the app's frame without importing it (imports run one way: main.ts
 * imports the views): the signal that aborts a view's work when another view is drawn, and how a
 * panel loads its data — busy while waiting, its figures when they come, the error in words when
 * the request fails, the login form on a 401.
 */
import { ApiError, Unauthorized } from './api';
import { failed, settle, type Child } from './dom';

let leaving = new AbortController();
let onUnauthorized: () => void = () => undefined;

/** Aborts the previous view's work; the signal of the new view's. */
export function nextView(): AbortSignal {
  leaving.abort();
  leaving = new AbortController();
  return leaving.signal;
}

export const viewSignal = (): AbortSignal => leaving.signal;

export function whenUnauthorized(f: () => void): void {
  onUnauthorized = f;
}

/** Fills panel `p` (made by dom.panel) with what `draw` makes of `data`; the error instead when it fails. */
export async function load<T>(p: HTMLElement, data: Promise<T>, draw: (d: T) => Child): Promise<T | null> {
  const signal = viewSignal();
  try {
    const d = await data;
    if (!signal.aborted) settle(p, draw(d));
    return d;
  } catch (err) {
    if (signal.aborted) return null;
    if (err instanceof Unauthorized) onUnauthorized();
    else settle(p, failed(err instanceof ApiError ? err.message : `Could not load: ${(err as Error).message}`));
    return null;
  }
}
