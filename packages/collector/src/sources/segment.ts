/**
 * One message of Segment's HTTP Tracking API (contract §10; reference/sources.md §1.1) → a
 * SourceEvent, or the reason it cannot be one. Segment's own server libraries
 * (`@segment/analytics-node`, …) send these; the calls map to plain rows:
 *
 * | call     | action                | action_type | also                                                   |
 * | -------- | --------------------- | ----------- | ------------------------------------------------------ |
 * | track    | the `event` name      | custom      | properties → attributes, products (e-commerce spec)    |
 * | identify | `Identified`          | identify    | traits (and `email_sha256` from `traits.email`)        |
 * | page     | `Page viewed`         | pageview    | page from properties / context.page; name, category   |
 * | screen   | `Screen viewed`       | screen      | attributes.name + properties                           |
 * | group    | `Grouped`             | group       | attributes.group_id; traits are the group's            |
 * | alias    | `Aliased`             | alias       | user_id = userId, attributes.previous_id = previousId  |
 *
 * Identity: `userId` → user_id, `anonymousId` → anonymous_id (one of them required, Segment's
 * `no_user_anon_id`). `messageId` is the app's id of the event (event_id is derived from it: a retry
 * is the same row); without one a fresh id is made, as Segment does, and a retry of it is not
 * recognised. Time: `timestamp`, when sent, is kept as sent; else `originalTimestamp` corrected by
 * the sender's clock skew, `receivedAt − (sentAt − originalTimestamp)`; else received_at.
 * `context.ip`, `context.userAgent`, `context.page`, `context.campaign` feed the same enrichment
 * as a browser's; `integrations` and the rest of `context` are not stored.
 */
import { randomUUID } from 'node:crypto';
import type { LakeActionType } from '@actionlake/schema';
import { clockSkew, occurredAtWithSkew } from '../enrich/time';
import { isDateTime, readDateTime } from '../ingest/date-time';
import { campaignOf, flatten, isObj, pageOf, productsOf } from './segment-fields';
import type { SourceEvent } from './types';

export const SEGMENT_CALLS = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type SegmentCall = (typeof SEGMENT_CALLS)[number];
export const isSegmentCall = (v: unknown): v is SegmentCall => typeof v === 'string' && (SEGMENT_CALLS as readonly string[]).includes(v);

export const FIXED: Record<Exclude<SegmentCall, 'track'>, { action: string; action_type: LakeActionType }> = {
  identify: { action: 'Identified', action_type: 'identify' },
  page: { action: 'Page viewed', action_type: 'pageview' },
  screen: { action: 'Screen viewed', action_type: 'screen' },
  group: { action: 'Grouped', action_type: 'group' },
  alias: { action: 'Aliased', action_type: 'alias' },
};

/** page properties that are the row's `page`, not attributes */
const PAGE_PROPS = new Set(['url', 'path', 'title', 'referrer', 'search']);
const PRODUCTS = new Set(['products']);

/** an id as Segment sends it (a string, or a number), or undefined when empty */
export const idOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

export type Mapped = { event: SourceEvent } | { error: string };

/**
 * `msg` as the call `call` (the path's, or the batch item's `type`); `sentAt` the batch's, used when
 * the message has none of its own; `receivedAt` the collector's clock.
 */
export function segmentEvent(msg: unknown, call: unknown, receivedAt: Date, batchSentAt?: unknown): Mapped {
  if (!isObj(msg)) return { error: 'must be a JSON object (a Segment message)' };
  if (!isSegmentCall(call)) return { error: `type must be one of ${SEGMENT_CALLS.join(', ')}, got ${JSON.stringify(call)?.slice(0, 40) ?? 'nothing'}` };
  const userId = idOf(msg.userId);
  const anonymousId = idOf(msg.anonymousId);
  if (!userId && !anonymousId) return { error: 'userId or anonymousId is required (no_user_anon_id)' };

  const time = timesOf(msg, receivedAt, msg.sentAt ?? batchSentAt);
  if ('error' in time) return time;

  const context = isObj(msg.context) ? msg.context : {};
  const traits = isObj(msg.traits) ? msg.traits : undefined;
  const contextTraits = isObj(context.traits) ? context.traits : undefined;
  const email = traits?.email ?? contextTraits?.email;
  const event: SourceEvent = {
    vendor_id: idOf(msg.messageId) ?? randomUUID(),
    vendor_event: call,
    action: '',
    action_type: 'custom',
    occurred_at: time.occurred_at,
    triggered_at: time.triggered_at,
    user_id: userId ?? null,
    email: typeof email === 'string' ? email : null,
    ip: typeof context.ip === 'string' ? context.ip : null,
    user_agent: typeof context.userAgent === 'string' ? context.userAgent : null,
  };
  if (anonymousId) event.anonymous_id = anonymousId;

  const properties = msg.properties;
  const page = pageOf(context.page, call === 'page' ? properties : undefined);
  if (page) event.page = page;
  const { utm, click_ids } = campaignOf(context.campaign, page, context.page);
  if (utm) event.utm = utm;
  if (click_ids) event.click_ids = click_ids;

  let attributes = flatten(properties, false, call === 'page' ? PAGE_PROPS : PRODUCTS);
  const extra = (fields: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(fields)) if (typeof v === 'string' && v) (attributes ??= {})[k] = v;
  };
  switch (call) {
    case 'track': {
      if (typeof msg.event !== 'string' || !msg.event.trim()) return { error: 'track needs "event", the name of what happened' };
      event.action = msg.event;
      const products = productsOf(properties);
      if (products) event.products = products;
      break;
    }
    case 'identify':
      event.traits = flatten(contextTraits || traits ? { ...contextTraits, ...traits } : undefined, true);
      break;
    case 'page':
    case 'screen':
      extra({ name: msg.name, category: msg.category });
      break;
    case 'group': {
      const groupId = idOf(msg.groupId);
      if (!groupId) return { error: 'group needs "groupId"' };
      extra({ group_id: groupId });
      event.traits = flatten(traits, true);
      break;
    }
    case 'alias': {
      const previousId = idOf(msg.previousId);
      if (!previousId) return { error: 'alias needs "previousId", the id the user had before' };
      if (!userId) return { error: 'alias needs "userId", the id the user has now' };
      extra({ previous_id: previousId });
      break;
    }
  }
  if (call !== 'track') Object.assign(event, FIXED[call]);
  if (attributes) event.attributes = attributes as Record<string, string | number | boolean>;
  if (event.traits === undefined) delete event.traits;
  return { event };
}

const badTime = (field: string, v: unknown): { error: string } => ({ error: `${field} ${JSON.stringify(v)?.slice(0, 60)} is not an ISO-8601 time` });

/** the last `sentAt` found to be a date-time: a batch's is the same for each of its messages, read once */
let validSentAt: string | undefined;

/**
 * triggered_at (as sent) and occurred_at (corrected) of a message, by Segment's rule. The
 * timestamp is read once for its check and occurred_at, and a batch's sentAt once per batch (each
 * read three times per message cost a server API event twice a browser event's time reading).
 */
export function timesOf(msg: Record<string, unknown>, receivedAt: Date, sentAt: unknown): { occurred_at: string; triggered_at: string } | { error: string } {
  const timestamp = msg.timestamp;
  let millis = NaN;
  if (timestamp !== undefined && timestamp !== null) {
    const read = typeof timestamp === 'string' ? readDateTime(timestamp) : null;
    if (read === null) return badTime('timestamp', timestamp);
    millis = read;
  }
  const original = msg.originalTimestamp;
  if (original !== undefined && original !== null && (typeof original !== 'string' || !isDateTime(original))) return badTime('originalTimestamp', original);
  if (sentAt !== undefined && sentAt !== null && sentAt !== validSentAt) {
    if (typeof sentAt !== 'string' || !isDateTime(sentAt)) return badTime('sentAt', sentAt);
    validSentAt = sentAt;
  }
  if (typeof timestamp === 'string') return { triggered_at: timestamp, occurred_at: occurredAtWithSkew(timestamp, 0, receivedAt, millis) };
  if (typeof msg.originalTimestamp === 'string') {
    const skew = clockSkew(typeof sentAt === 'string' ? sentAt : undefined, receivedAt);
    return { triggered_at: msg.originalTimestamp, occurred_at: occurredAtWithSkew(msg.originalTimestamp, skew, receivedAt) };
  }
  const now = receivedAt.toISOString();
  return { triggered_at: now, occurred_at: now };
}
