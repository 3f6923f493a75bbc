/**
 * The server API's fast path (issue 20): one Segment message straight to the JSON text of its lake
 * row's own members, in one pass. The general path (segment.ts → common-path.ts) builds a
 * SourceEvent, then a row candidate, validates that candidate against the schema and stringifies
 * it: four steps, three objects per message and their garbage, which made a server API event cost
 * about twice a browser event's CPU. Here the message's fields are written as text once, and the
 * schema's rules that a message can break are checked on the message as it is read.
 *
 * It writes exactly the bytes the general path writes, and only where it can tell the general path
 * would store the message: anything else (a field the schema might refuse, a key the general path's
 * objects would reorder, merge or drop, a `context.traits`) returns null, and that message takes
 * the general path, which names the reason. segment-fast-path.test.ts holds both paths to the same
 * rows on messages recorded from `@segment/analytics-node`.
 */
import { randomUUID } from 'node:crypto';
import type { Utm } from '@actionlake/schema';
import { emailSha256, sourceEventId, VENDOR_ID_MAX_LENGTH } from '@actionlake/schema/node';
import { FIXED, idOf, isSegmentCall, timesOf } from './segment';
import { flatText } from './segment-flat-text';
import { isObj } from './segment-fields';
import { productsText } from './segment-products-text';
import { campaignText, pageText } from './segment-page-text';
import { flat, inner, quoted, setPlain } from './segment-quote';
import type { Source } from './types';
import { MAX_ACTION, MAX_ANONYMOUS_ID, MAX_MEMBERS, MAX_USER_ID } from './schema-limits';

/**
 * One message written as text: its row's own members, and what the common path still needs. Also
 * the row as the dedup window, the spool's line head and the suppression list read it (its ids,
 * site and received_at): no other object is made of it.
 */
export class SegmentText {
  /** set by the common path */
  received_at = '';
  constructor(
    readonly event_id: string,
    readonly site_id: string,
    readonly user_id: string | null,
    readonly anonymous_id: string | undefined,
    readonly email_sha256: string | undefined,
    /**
     * the members of the row before the enricher's, as JSON text without braces in parts (strings
     * and UTF-8 bytes, joined by `,`: JSON.stringify of the general path's candidate); the common
     * path appends the enricher's, hands the array to the spool and lets go of it
     */
    public parts: (string | Buffer)[],
    readonly occurredAt: string,
    /** the app's address and browser (`context.ip`, `context.userAgent`) */
    readonly ip: string | null,
    readonly userAgent: string | null,
    /** what `source`/`source_type` are classified from */
    readonly utm: Utm | undefined,
    readonly clickIds: Record<string, string> | undefined,
    readonly referrer: string | undefined,
    readonly pageUrl: string | undefined,
  ) {}
}

/** below this EVENT_MAX_ITEMS a row's own objects might break it: the general path decides */
const MIN_ITEMS = 20;

const q = JSON.stringify;

/** the text of a source's members that are the same in all its rows (each with the quotes around the next value), once per source */
const SOURCE_TEXT = new WeakMap<Source, { site: string; origin: string }>();
function sourceText(source: Source): { site: string; origin: string } {
  let t = SOURCE_TEXT.get(source);
  if (!t) SOURCE_TEXT.set(source, (t = { site: flat(`","site_id":${q(source.site)},"triggered_at":"`), origin: flat(`","origin":{"kind":${q(source.kind)},"source_id":${q(source.id)},"id":"`) }));
  return t;
}

/**
 * `","event":…},"action":…,"action_type":…,"user_id":` after the vendor id (and with `null` for a
 * message without userId), by call then action: the same few texts in every message of a backend,
 * written once (as a dozen pieces per message they were half of the head's flattening when the
 * spool wrote it). The text of an action is its JSON whether or not the message was plain, so
 * either may fill the cache. At most TAILS_MAX actions are kept.
 */
const TAILS = new Map<string, Map<string, { open: string; nul: string }>>();
const TAILS_MAX = 4096;
let tailCount = 0;
function tailText(call: string, action: string, actionType: string): { open: string; nul: string } {
  let byAction = TAILS.get(call);
  let t = byAction?.get(action);
  if (t !== undefined) return t;
  if (++tailCount > TAILS_MAX) {
    TAILS.clear();
    tailCount = 1;
    byAction = undefined;
  }
  if (!byAction) TAILS.set(call, (byAction = new Map()));
  const open = flat(`","event":"${call}"},"action":"${inner(action)}","action_type":"${actionType}","user_id":`);
  byAction.set(action, (t = { open, nul: flat(`${open}null`) }));
  return t;
}

const within = (v: string | undefined, max: number): boolean => v === undefined || v.length <= max;

const PAGE_SKIP: ReadonlySet<string> = new Set(['url', 'path', 'title', 'referrer', 'search']);
const PRODUCTS_SKIP: ReadonlySet<string> = new Set(['products']);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * The text of `msg` as the call `call` from `source` (sentAt: the batch's, when the message has
 * none), or null for the general path. `maxItems`: EVENT_MAX_ITEMS. `plain`: the message's JSON
 * text (as received) holds no backslash, so its strings need no escaping (segment-quote.ts).
 */
export function segmentText(source: Source, msg: unknown, call: unknown, receivedAt: Date, batchSentAt: unknown, maxItems: number, plain = false): SegmentText | null {
  // the writers' quoting holds for this message only: no later caller inherits it
  setPlain(plain);
  try {
    return textOf(source, msg, call, receivedAt, batchSentAt, maxItems);
  } finally {
    setPlain(false);
  }
}

function textOf(source: Source, msg: unknown, call: unknown, receivedAt: Date, batchSentAt: unknown, maxItems: number): SegmentText | null {
  if (!isObj(msg) || !isSegmentCall(call) || maxItems < MIN_ITEMS) return null;
  const userId = idOf(msg.userId);
  const anonymousId = idOf(msg.anonymousId);
  if ((!userId && !anonymousId) || !within(userId, MAX_USER_ID) || !within(anonymousId, MAX_ANONYMOUS_ID)) return null;
  const time = timesOf(msg, receivedAt, msg.sentAt ?? batchSentAt);
  if ('error' in time) return null;
  const context = isObj(msg.context) ? msg.context : null;
  if (context && context.traits !== undefined) return null; // merged with traits: the general path's spread
  const traits = isObj(msg.traits) ? msg.traits : undefined;
  const vendorId = idOf(msg.messageId) ?? randomUUID();
  if (vendorId.length > VENDOR_ID_MAX_LENGTH) return null;

  let action: string;
  let actionType: string;
  let extra: (string | undefined)[] | null = null;
  let traitsOut: Record<string, unknown> | undefined;
  switch (call) {
    case 'track':
      if (typeof msg.event !== 'string' || !msg.event.trim() || msg.event.length > MAX_ACTION) return null;
      action = msg.event;
      actionType = 'custom';
      break;
    case 'identify':
      traitsOut = traits;
      break;
    case 'page':
    case 'screen':
      extra = ['name', str(msg.name), 'category', str(msg.category)];
      break;
    case 'group': {
      const groupId = idOf(msg.groupId);
      if (!groupId) return null;
      extra = ['group_id', groupId];
      traitsOut = traits;
      break;
    }
    case 'alias': {
      const previousId = idOf(msg.previousId);
      if (!previousId || !userId) return null;
      extra = ['previous_id', previousId];
      break;
    }
  }
  if (call !== 'track') ({ action, action_type: actionType } = FIXED[call]);

  const properties = msg.properties;
  const page = pageText(context?.page, call === 'page' ? properties : undefined);
  if (!page) return null;
  const pageUrl = page.url;
  const referrer = page.referrer;
  const campaign = campaignText(context?.campaign, pageUrl, context?.page);
  if (!campaign) return null;
  const { utm, clickIds } = campaign;

  const t = sourceText(source);
  const email = traits?.email;
  const emailId = typeof email === 'string' ? emailSha256(email) : null;
  const eventId = sourceEventId(source.id, vendorId);
  const tail = tailText(call, action!, actionType!);
  // as few pieces as the values allow: the constants hold the quotes around them
  const head = '"event_id":"' + eventId + t.site + inner(time.triggered_at) + t.origin + inner(vendorId) + (userId === undefined ? tail.nul : tail.open + quoted(userId));
  // the page's and campaign's members are bytes made once per page and campaign: copied, not written again
  const parts: (string | Buffer)[] = [head];
  if (page.bytes) parts.push(page.bytes);
  if (campaign.utmBytes) parts.push(campaign.utmBytes);
  if (campaign.clickBytes) parts.push(campaign.clickBytes);
  // each member's constant text holds the comma before it and the quote or brace after its key
  let rest = '';
  if (call === 'track') {
    const products = productsText(properties, maxItems);
    if (products === null) return null;
    if (products) rest = '"products":' + products;
  }
  const max = Math.min(MAX_MEMBERS, maxItems);
  const attributes = flatText(isObj(properties) ? properties : undefined, false, call === 'page' ? PAGE_SKIP : PRODUCTS_SKIP, extra, max);
  if (!attributes) return null;
  if (attributes.n) rest += (rest ? ',"attributes":{' : '"attributes":{') + attributes.text + '}';
  if (traitsOut) {
    const traitsText = flatText(traitsOut, true, null, null, max);
    if (!traitsText) return null;
    if (traitsText.n) rest += (rest ? ',"traits":{' : '"traits":{') + traitsText.text + '}';
  }
  if (anonymousId) rest += (rest ? ',"anonymous_id":"' : '"anonymous_id":"') + inner(anonymousId) + '"';
  if (emailId) rest += (rest ? ',"email_sha256":"' : '"email_sha256":"') + emailId + '"';
  if (rest) parts.push(rest);
  const ip = context && typeof context.ip === 'string' ? context.ip : null;
  const userAgent = context && typeof context.userAgent === 'string' ? context.userAgent : null;
  return new SegmentText(eventId, source.site, userId ?? null, anonymousId, emailId ?? undefined, parts, time.occurred_at, ip, userAgent, utm, clickIds, referrer, pageUrl);
}
