/**
 * One batch to the collector, and what its answer means (core/queue.ts sends with it): 2xx, done;
 * 413, split in halves down to single events; any other 4xx but 408 and 429, given up for good
 * (counted as dropped: retrying cannot help); anything else (network, 5xx, 408, 429), retried
 * later, after the Retry-After when there is one. A batch goes as a keepalive request while the
 * keepalive bytes in flight stay under 48 KB, so a send started just before the page goes still
 * arrives; the rest of the browser's 64 KB page-close budget is left for a closing page's beacons.
 */
import { parseRetryAfter } from './backoff';
import { byteLength, idOf, requestBody } from './batch';
import type { SendMode, StoredEvent, Transport } from './types';

/** Keepalive requests in flight stay under this (the browser's page-close budget is 64 KB). */
const KEEPALIVE_BYTES = 48 * 1024;

/** A batch's fate: null, done with (taken, or given up); else to retry, after the Retry-After in ms (-1: none). */
export type Outcome = number | null;

export interface Sender {
  /** Sends `batch` (splitting it on 413); stops as soon as `live()` is false (the queue was cleared). */
  send(batch: StoredEvent[], live: () => boolean): Promise<Outcome>;
  /** The batch on the wire now: a keepalive one is delivered even if the page goes. */
  inflight(): { ids: string[]; sendMode: SendMode } | null;
}

/** `done`: the collector took `batch`, or refused it for good (`dropped`); resolves once that is stored. */
export const createSender = (transport: Transport, now: () => number, done: (batch: StoredEvent[], dropped: boolean) => Promise<unknown>): Sender => {
  let inflight: { ids: string[]; sendMode: SendMode } | null = null;
  let keepaliveBytes = 0;

  const send = async (batch: StoredEvent[], live: () => boolean): Promise<Outcome> => {
    if (!live()) return null;
    const text = requestBody(batch, now());
    const bytes = byteLength(text);
    const held = keepaliveBytes + bytes <= KEEPALIVE_BYTES ? bytes : 0;
    const mode = { keepAlive: !!held };
    keepaliveBytes += held;
    inflight = { ids: batch.map(idOf), sendMode: mode };
    let res;
    try {
      res = await transport.send(text, mode);
    } catch {
      res = { status: 0 };
    }
    inflight = null;
    keepaliveBytes -= held; // also when the browser refused keepalive and a plain request went
    const st = res.status;
    if (!live()) return null; // cleared while in flight: nothing left to forget or retry
    if (st >= 200 && st < 300) return done(batch, false).then(() => null);
    if (st === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      const first = await send(batch.slice(0, half), live);
      return first !== null ? first : send(batch.slice(half), live);
    }
    // the collector will never take it: do not retry forever
    if (st >= 400 && st < 500 && st !== 408 && st !== 429) return done(batch, true).then(() => null);
    const wait = st === 429 || st === 503 ? parseRetryAfter(res.retryAfter, now()) : null;
    return wait === null ? -1 : wait;
  };

  return { send, inflight: () => inflight };
};
