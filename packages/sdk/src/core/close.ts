/**
 * What a closing page hands to the browser, which delivers it after the page is gone
 * (sendBeacon): its unsent events, oldest first, batch by batch; a batch the browser refuses is
 * halved, down to single events, until the page-close budget (64 KB, shared with keepalive
 * requests in flight) is used up. What the browser refuses then stays stored, for another tab
 * or the next visit. Pure: core/queue.ts removes and notes what was handed over.
 */
import { idOf, splitBatches } from './batch';
import type { StoredEvent } from './types';

/** The ids handed over, in order. */
export const handOver = (items: StoredEvent[], beacon: (body: string) => boolean, body: (batch: StoredEvent[]) => string): string[] => {
  const handed: string[] = [];
  const give = (batch: StoredEvent[]): boolean => {
    if (beacon(body(batch))) {
      for (const i of batch) handed.push(idOf(i));
      return true;
    }
    const half = Math.ceil(batch.length / 2);
    return batch.length > 1 && give(batch.slice(0, half)) && give(batch.slice(half));
  };
  for (const batch of splitBatches(items)) if (!give(batch)) break;
  return handed;
};
