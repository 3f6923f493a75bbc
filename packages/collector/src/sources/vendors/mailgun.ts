/**
 * Mailgun's webhooks (contract §10): a JSON body `{"signature": {timestamp, token, signature},
 * "event-data": {...}}`, one event per delivery. The signature is hex HMAC-SHA256 of
 * `timestamp + token` with the webhook signing key (the source's `secret`).
 *
 * "Signature on the raw body first" means something else here: the signature sits inside the body
 * and covers only timestamp and token, not the event. So the raw bytes are parsed once, strictly
 * (JSON.parse, linear, within the route's body limit), the signature is checked from that parse
 * before any event field is read, and the events are read from the same parse, never from a
 * re-serialized copy. A body that is not JSON cannot be authenticated at all: the verdict is 400
 * and nothing is stored (a bad row would let anyone without the key write into the lake). Since
 * the event itself is unsigned, the timestamp window bounds how long a captured token can be
 * replayed; retries resend the original signature for up to 8 h (per Hookdeck's Mailgun reference;
 * Mailgun's docs do not say), so the window is a day, not Stripe's 5 minutes.
 */
import type { Source, SourceEvent, WebhookAdapter, WebhookRequest, WebhookVerdict } from '../types';
import { WebhookBodyError } from '../types';
import { digestEquals, hmacSha256, withinTolerance } from '../signing/digest';
import { expectObject, idString, isObject, parseJson, str, type Json, type JsonObject } from '../payload/json';
import { fromUnixSeconds } from '../payload/time';
import { campaignOf } from '../payload/campaign';
import { ACTION } from '../payload/actions';
import { attributes } from '../payload/attributes';

/** how far `signature.timestamp` may be from the collector's clock; a source's `tolerance_seconds` overrides it */
export const MAILGUN_TOLERANCE_SECONDS = 24 * 3600;

const ACTIONS: Record<string, string> = {
  delivered: ACTION.delivered,
  opened: ACTION.opened,
  clicked: ACTION.clicked,
  unsubscribed: ACTION.unsubscribed,
  complained: ACTION.spam,
};
/** the events whose `ip` / `client-info` are the recipient's */
const ENGAGEMENT = new Set(['opened', 'clicked', 'unsubscribed']);

/** the one parse of a delivery's bytes, shared by verify and parse */
const parsed = new WeakMap<Buffer, Json>();

function bodyOf(raw: Buffer): Json {
  let body = parsed.get(raw);
  if (body === undefined) {
    body = parseJson(raw);
    parsed.set(raw, body);
  }
  return body;
}

function verifyMailgun(source: Source, req: WebhookRequest): WebhookVerdict {
  let body: Json;
  try {
    body = bodyOf(req.raw);
  } catch (err) {
    return { ok: false, status: 400, reason: `${(err as Error).message} (Mailgun's signature is inside the body)` };
  }
  const sig = isObject(body) && isObject(body.signature) ? body.signature : undefined;
  const timestamp = idString(sig?.timestamp);
  const token = str(sig?.token);
  if (!sig || !timestamp || !token) return { ok: false, status: 401, reason: 'missing signature.timestamp, token or signature' };
  if (!source.secret) return { ok: false, status: 401, reason: 'the source has no secret (the webhook signing key)' };
  if (!digestEquals(hmacSha256(source.secret, timestamp, token), str(sig.signature), 'hex')) {
    return { ok: false, status: 401, reason: 'bad signature' };
  }
  const tolerance = source.tolerance_seconds ?? MAILGUN_TOLERANCE_SECONDS;
  if (!withinTolerance(timestamp, req.now, tolerance)) {
    return { ok: false, status: 401, reason: `stale timestamp: more than ${tolerance} s from the collector's clock` };
  }
  return { ok: true };
}

/** tags and campaigns as one comma-separated text */
function names(value: Json | undefined, field?: string): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const list = value.map((v) => (field && isObject(v) ? str(v[field]) : str(v))).filter((v): v is string => !!v);
  return list.length ? list.join(',') : undefined;
}

function actionOf(type: string, e: JsonObject): string {
  // a permanent failure is Mailgun's bounce; a temporary one is retried and keeps its own name
  if (type === 'failed') return str(e.severity) === 'permanent' ? ACTION.bounced : type;
  return ACTIONS[type] ?? type;
}

function parseMailgun(_source: Source, req: WebhookRequest): SourceEvent[] {
  const body = expectObject(bodyOf(req.raw), 'the body');
  const e = expectObject(body['event-data'] ?? null, '"event-data"');
  const type = str(e.event);
  if (!type) throw new WebhookBodyError('"event-data" has no "event" type');
  const id = str(e.id);
  if (!id) throw new WebhookBodyError('"event-data" has no "id"');
  const message = isObject(e.message) && isObject(e.message.headers) ? e.message.headers : {};
  const status = isObject(e['delivery-status']) ? e['delivery-status'] : {};
  const client = isObject(e['client-info']) ? e['client-info'] : {};
  const url = str(e.url);
  const event: SourceEvent = {
    vendor_id: id,
    action: actionOf(type, e),
    action_type: 'custom',
    vendor_event: type,
    occurred_at: fromUnixSeconds(e.timestamp, '"event-data.timestamp"'),
    email: str(e.recipient) ?? null,
    attributes: attributes({
      url,
      category: names(e.tags),
      campaign: names(e.campaigns, 'name'),
      message_id: str(message['message-id']),
      subject: str(message.subject),
      severity: str(e.severity),
      reason: str(e.reason),
      status: typeof status.code === 'number' ? status.code : undefined,
      description: str(status.description) ?? str(status.message),
    }),
  };
  if (url) Object.assign(event, campaignOf(url));
  if (ENGAGEMENT.has(type)) {
    event.ip = str(e.ip) ?? null;
    event.user_agent = str(client['user-agent']) ?? null;
  }
  return [event];
}

export const mailgun: WebhookAdapter = { kind: 'mailgun', verify: verifyMailgun, parse: parseMailgun };
