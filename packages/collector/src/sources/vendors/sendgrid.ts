/**
 * SendGrid's Event Webhook (contract §10): a JSON array of events, signed with ECDSA P-256 over
 * `timestamp + raw body` (the exact bytes, CRLF between events included: sources.md §2.1), the
 * signature in `X-Twilio-Email-Event-Webhook-Signature` (base64 DER) and the unix time in
 * `X-Twilio-Email-Event-Webhook-Timestamp`. The source's `public_key` is the verification key as
 * SendGrid's console shows it (base64 SPKI DER), or PEM.
 *
 * Dedup: `sg_event_id` is not stable across SendGrid's retries (sendgrid-nodejs#1435), and its own
 * documented sample repeats one placeholder id for every event. The vendor id is therefore a key of
 * what the event is: its message (`sg_message_id`, else `smtp-id`), type, time, recipient, URL,
 * group and attempt; `sg_event_id` stays in the attributes.
 */
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { Source, SourceEvent, WebhookAdapter, WebhookRequest, WebhookVerdict } from '../types';
import { WebhookBodyError } from '../types';
import { withinTolerance } from '../signing/digest';
import { expectObject, idString, parseJson, str, type Json, type JsonObject } from '../payload/json';
import { fromUnixSeconds } from '../payload/time';
import { campaignOf } from '../payload/campaign';
import { ACTION } from '../payload/actions';
import { attributes } from '../payload/attributes';

/**
 * How far the signed timestamp may be from the collector's clock. SendGrid retries for up to 24 h
 * and does not say that a retry is signed anew, so the window covers a day's retries and the clock
 * of a slow first attempt; a source's `tolerance_seconds` overrides it.
 */
export const SENDGRID_TOLERANCE_SECONDS = 48 * 3600;
const SIGNATURE = 'x-twilio-email-event-webhook-signature';
const TIMESTAMP = 'x-twilio-email-event-webhook-timestamp';

const ACTIONS: Record<string, string> = {
  delivered: ACTION.delivered,
  open: ACTION.opened,
  click: ACTION.clicked,
  bounce: ACTION.bounced,
  spamreport: ACTION.spam,
  unsubscribe: ACTION.unsubscribed,
  group_unsubscribe: ACTION.unsubscribed,
  group_resubscribe: ACTION.subscribed,
};
/** the events whose `ip` / `useragent` are the recipient's (on delivery events `ip` is SendGrid's own) */
const ENGAGEMENT = new Set(['open', 'click', 'unsubscribe', 'group_unsubscribe', 'group_resubscribe', 'spamreport']);

/** parsed keys by their text, so a delivery does not parse its source's key again; a handful of sources */
const keys = new Map<string, KeyObject | null>();
const MAX_KEYS = 64;

/** The source's key as a P-256 public key, or null when it is not one. */
export function sendgridKey(text: string): KeyObject | null {
  let key = keys.get(text);
  if (key !== undefined) return key;
  try {
    const k = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'spki' });
    key = k.asymmetricKeyType === 'ec' && k.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? k : null;
  } catch {
    key = null;
  }
  if (keys.size >= MAX_KEYS) keys.clear();
  keys.set(text, key);
  return key;
}

function verifySendgrid(source: Source, req: WebhookRequest): WebhookVerdict {
  const signature = req.headers[SIGNATURE];
  const timestamp = req.headers[TIMESTAMP];
  if (!signature || !timestamp) return { ok: false, status: 401, reason: 'missing SendGrid signature or timestamp header' };
  const key = source.public_key ? sendgridKey(source.public_key) : null;
  if (!key) return { ok: false, status: 401, reason: 'the source has no usable public_key (ECDSA P-256, base64 DER or PEM)' };
  let valid = false;
  try {
    valid = verify('sha256', Buffer.concat([Buffer.from(timestamp, 'utf8'), req.raw]), key, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, status: 401, reason: 'bad signature' };
  const tolerance = source.tolerance_seconds ?? SENDGRID_TOLERANCE_SECONDS;
  if (!withinTolerance(timestamp, req.now, tolerance)) {
    return { ok: false, status: 401, reason: `stale timestamp: more than ${tolerance} s from the collector's clock` };
  }
  return { ok: true };
}

/** categories are a string or an array of strings */
function category(value: Json | undefined): string | undefined {
  if (Array.isArray(value)) return value.filter((c): c is string => typeof c === 'string').join(',') || undefined;
  return str(value);
}

/** the event's identity across SendGrid's retries (see the header) */
function dedupKey(e: JsonObject): string {
  const parts = [
    str(e.sg_message_id) ?? str(e['smtp-id']) ?? str(e.sg_event_id) ?? '',
    str(e.event), str(e.type), idString(e.timestamp), str(e.email), str(e.url), idString(e.asm_group_id), idString(e.attempt),
  ];
  return 'sendgrid:' + createHash('sha256').update(parts.map((p) => p ?? '').join('\n')).digest('hex').slice(0, 40);
}

function toEvent(e: JsonObject, index: number): SourceEvent {
  const type = str(e.event);
  if (!type) throw new WebhookBodyError(`event ${index} has no "event" type`);
  const url = str(e.url);
  const engaged = ENGAGEMENT.has(type);
  const event: SourceEvent = {
    vendor_id: dedupKey(e),
    action: ACTIONS[type] ?? type,
    action_type: 'custom',
    vendor_event: type,
    occurred_at: fromUnixSeconds(e.timestamp, `event ${index} "timestamp"`),
    email: str(e.email) ?? null,
    attributes: attributes({
      url,
      category: category(e.category),
      campaign: str(e.marketing_campaign_name) ?? str(e.singlesend_name),
      campaign_id: idString(e.marketing_campaign_id) ?? idString(e.singlesend_id),
      message_id: str(e.sg_message_id),
      sg_event_id: str(e.sg_event_id),
      asm_group_id: typeof e.asm_group_id === 'number' ? e.asm_group_id : undefined,
      reason: str(e.reason),
      status: str(e.status),
      bounce_type: str(e.type),
      machine_open: typeof e.sg_machine_open === 'boolean' ? e.sg_machine_open : undefined,
    }),
  };
  if (url) Object.assign(event, campaignOf(url));
  if (engaged) {
    event.ip = str(e.ip) ?? null;
    event.user_agent = str(e.useragent) ?? null;
  }
  return event;
}

function parseSendgrid(_source: Source, req: WebhookRequest): SourceEvent[] {
  const body = parseJson(req.raw);
  if (!Array.isArray(body)) throw new WebhookBodyError('SendGrid sends a JSON array of events; the body is not an array');
  return body.map((e, i) => toEvent(expectObject(e, `event ${i}`), i));
}

export const sendgrid: WebhookAdapter = { kind: 'sendgrid', verify: verifySendgrid, parse: parseSendgrid };
