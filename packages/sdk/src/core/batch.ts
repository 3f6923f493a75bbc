/**
 * What one request to the collector carries: at most 50 events and 64 KB (the collector's limits,
 * and the browser's page-close budget), with the fields every event of the batch shares sent once.
 * Pure functions: the queue (core/queue.ts) and a closing page's beacons (core/close.ts) use them.
 */
import type { WireEvent } from '@actionlake/schema';
import type { StoredEvent } from './types';

const MAX_BATCH_EVENTS = 50;
export const MAX_BATCH_BYTES = 64 * 1024;
/** `{"sent_at":"2024-01-01T00:00:00.000Z","events":[` + `]}` — counted against the byte limit. */
export const ENVELOPE_BYTES = 64;
/** Shared fields larger than this are left in each event (the collector refuses bigger ones). */
export const MAX_COMMON_CHARS = 8000;

/**
 * Splits events (already in send order) into batches of at most 50 events whose request
 * body stays within 64 KB. An event too large to fit any batch goes alone in its own batch.
 */
export const splitBatches = <T extends Pick<StoredEvent, 'bytes'>>(
  items: T[],
): T[][] => {
  const batches: T[][] = [];
  let cur: T[] = [];
  let size = ENVELOPE_BYTES;
  for (const item of items) {
    const add = item.bytes + (cur.length ? 1 : 0); // comma between events
    if (cur.length && (cur.length >= MAX_BATCH_EVENTS || size + add > MAX_BATCH_BYTES)) {
      batches.push(cur);
      cur = [];
      size = ENVELOPE_BYTES;
    }
    size += item.bytes + (cur.length ? 1 : 0);
    cur.push(item);
  }
  if (cur.length) batches.push(cur);
  return batches;
};

/**
 * The request body of a batch. Fields every event of the batch has with the same value (site,
 * visitor, session, page, campaign, device...) go once in `common`; the collector puts them back
 * into each event. `event_id` and `triggered_at` always stay in the event.
 */
export const batchBody = (sentAt: string, events: WireEvent[]): string => {
  const common: Record<string, unknown> = {};
  const first = events[0] as unknown as Record<string, unknown>;
  let shared = 0;
  if (events.length > 1) {
    for (const k in first) {
      const v = JSON.stringify(first[k]);
      if (k !== 'event_id' && k !== 'triggered_at' && events.every((e) => k in e && JSON.stringify((e as unknown as Record<string, unknown>)[k]) === v)) {
        common[k] = first[k];
        shared++;
      }
    }
  }
  return JSON.stringify(shared && JSON.stringify(common).length <= MAX_COMMON_CHARS ? {
    sent_at: sentAt,
    common,
    events: events.map((e) => {
      const own: Record<string, unknown> = {};
      for (const k in e) if (!(k in common)) own[k] = (e as unknown as Record<string, unknown>)[k];
      return own;
    }),
  } : { sent_at: sentAt, events });
};

/** A stored event's key. */
export const idOf = (i: StoredEvent): string => i.event.event_id;

/** The request body of stored events, sent at `now`. */
export const requestBody = (items: StoredEvent[], now: number): string => {
  return batchBody(new Date(now).toISOString(), items.map((i) => i.event));
};

/** UTF-8 byte length of a string, without TextEncoder or Blob. */
export const byteLength = (s: string): number => {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) n += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return n;
};
