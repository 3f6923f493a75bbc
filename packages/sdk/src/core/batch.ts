import type { StoredEvent } from './types';

const MAX_BATCH_EVENTS = 50;
export const MAX_BATCH_BYTES = 64 * 1024;
/** `{"sent_at":"2024-01-01T00:00:00.000Z","events":[` + `]}` — counted against the byte limit. */
export const ENVELOPE_BYTES = 64;

/**
 * Splits events (already in send order) into batches of at most `maxEvents` events whose request
 * body stays within `maxBytes`. An event too large to fit any batch goes alone in its own batch.
 */
export function splitBatches<T extends Pick<StoredEvent, 'bytes'>>(
  items: T[],
  maxEvents = MAX_BATCH_EVENTS,
  maxBytes = MAX_BATCH_BYTES,
): T[][] {
  const batches: T[][] = [];
  let cur: T[] = [];
  let size = ENVELOPE_BYTES;
  for (const item of items) {
    const add = item.bytes + (cur.length ? 1 : 0); // comma between events
    if (cur.length && (cur.length >= maxEvents || size + add > maxBytes)) {
      batches.push(cur);
      cur = [];
      size = ENVELOPE_BYTES;
    }
    size += item.bytes + (cur.length ? 1 : 0);
    cur.push(item);
  }
  if (cur.length) batches.push(cur);
  return batches;
}

/** UTF-8 byte length of a string, without TextEncoder or Blob. */
export function byteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) n += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
}
