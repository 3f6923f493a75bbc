/**
 * How a batch leaves the page (core/types.ts's Transport): fetch, and sendBeacon for a closing
 * page. Both as `text/plain;charset=UTF-8` (what a browser sends a string body as, unasked), a
 * CORS "simple" request: no preflight, so one round trip per batch and nothing the page's own
 * CORS setup can break; never with cookies.
 */
import type { SendMode, SendResult, Transport } from '../core/types';

const TIMEOUT_MS = 30000;

/** The collector's batch endpoint for a collector origin (trailing slashes tolerated). */
export const batchUrl = (collector: string): string => {
  return collector.replace(/\/+$/, '') + '/v1/batch';
};

/**
 * POSTs batches with fetch as text/plain (a CORS "simple" request: no preflight), without cookies,
 * keepalive (within the page-close budget) so a send started just before the page goes still
 * completes. Beacons for closing pages.
 */
export const httpTransport = (url: string): Transport => {
  return {
    async send(body: string, mode: SendMode): Promise<SendResult> {
      // a request that hangs is given up after 30 s (browsers without AbortSignal.timeout: never)
      const post = (keepalive: boolean) => fetch(url, {
        method: 'POST', body,
        keepalive, credentials: 'omit', signal: AbortSignal.timeout?.(TIMEOUT_MS),
      });
      try {
        // keepalive requests share a small in-flight byte quota (with beacons): when it is used up
        // the browser refuses at once, and a plain request still works while the page lives.
        const res = await (mode.keepAlive ? post(true) : Promise.reject()).catch(() => post((mode.keepAlive = false)));
        return { status: res.status, retryAfter: res.headers.get('Retry-After') };
      } catch {
        return { status: 0 };
      }
    },
    beacon(body: string): boolean {
      try {
        return navigator.sendBeacon(url, body);
      } catch {
        return false;
      }
    },
  };
};
