/**
 * Mailchimp's audience webhooks (contract §10): `application/x-www-form-urlencoded` bodies
 * (`type`, `fired_at`, `data[...]`), unsigned. Mailchimp's guidance is a secret in the URL over
 * HTTPS, so the source's `secret` is compared, in constant time, with `?secret=` of the delivery's
 * URL; Mailchimp checks the URL with a GET when it is saved, which the same secret authorizes and
 * which carries no event.
 *
 * `fired_at` names no zone; it is read as UTC, as Snowplow's Mailchimp adapter does. Mailchimp gives
 * no event id, so the vendor id is a hash of `type`, `fired_at`, the member (or campaign) id, the list and the
 * address (sources.md §2.1). An old address (`upemail`) is kept only as its SHA-256.
 */
import { createHash } from 'node:crypto';
import { emailSha256 } from '@actionlake/schema/node';
import type { Source, SourceEvent, WebhookAdapter, WebhookRequest, WebhookVerdict } from '../types';
import { WebhookBodyError } from '../types';
import { secretEquals } from '../signing/digest';
import { fromMailchimp } from '../payload/time';
import { ACTION } from '../payload/actions';
import { attributes } from '../payload/attributes';

function verifyMailchimp(source: Source, req: WebhookRequest): WebhookVerdict {
  if (!source.secret) return { ok: false, status: 401, reason: 'the source has no secret (the one in the webhook URL)' };
  if (!secretEquals(source.secret, req.query.get('secret'))) return { ok: false, status: 401, reason: 'wrong or missing ?secret= in the URL' };
  return { ok: true };
}

/** `mailchimp:<type>:<hash>`: bounded (an address may be 254 characters), the same for a redelivery */
function vendorId(type: string, parts: (string | undefined)[]): string {
  const key = createHash('sha256').update([type, ...parts].map((p) => p ?? '').join('\n')).digest('hex').slice(0, 40);
  return `mailchimp:${type.slice(0, 40)}:${key}`;
}

function actionOf(type: string, reason: string | undefined): string {
  if (type === 'subscribe') return ACTION.subscribed;
  if (type === 'unsubscribe') return ACTION.unsubscribed;
  // an address Mailchimp cleaned after a hard bounce or a spam complaint
  if (type === 'cleaned' && reason === 'hard') return ACTION.bounced;
  if (type === 'cleaned' && reason === 'abuse') return ACTION.spam;
  return type;
}

function parseMailchimp(_source: Source, req: WebhookRequest): SourceEvent[] {
  if (req.method === 'GET') return [];
  const form = new URLSearchParams(req.raw.toString('utf8'));
  const field = (name: string): string | undefined => form.get(name)?.trim() || undefined;
  const type = field('type');
  if (!type) throw new WebhookBodyError('no "type" field: not a Mailchimp form body');
  const firedAt = field('fired_at');
  const email = field('data[new_email]') ?? field('data[email]');
  const id = field('data[new_id]') ?? field('data[id]');
  const listId = field('data[list_id]');
  const reason = field('data[reason]');
  const withTraits = type === 'subscribe' || type === 'profile';
  const event: SourceEvent = {
    vendor_id: vendorId(type, [firedAt, id, listId, email]),
    action: actionOf(type, reason),
    action_type: 'custom',
    vendor_event: type,
    occurred_at: fromMailchimp(firedAt, '"fired_at"'),
    email: email ?? null,
    attributes: attributes({
      list_id: listId,
      member_id: type === 'campaign' ? undefined : id,
      campaign_id: type === 'campaign' ? id : field('data[campaign_id]'),
      campaign: field('data[subject]'),
      status: field('data[status]'),
      reason,
      unsubscribe_action: field('data[action]'),
      old_email_sha256: emailSha256(field('data[old_email]')) ?? undefined,
    }),
  };
  if (withTraits) {
    const traits = attributes({ first_name: field('data[merges][FNAME]'), last_name: field('data[merges][LNAME]') });
    if (Object.keys(traits).length) event.traits = traits;
  }
  if (type === 'subscribe') event.ip = field('data[ip_opt]') ?? field('data[ip_signup]') ?? null;
  return [event];
}

export const mailchimp: WebhookAdapter = { kind: 'mailchimp', acceptsGet: true, verify: verifyMailchimp, parse: parseMailchimp };
