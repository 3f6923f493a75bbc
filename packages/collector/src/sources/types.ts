/**
 * Sources (contract §10): the other apps whose touches land in the lake beside the website's.
 * A source is declared in SOURCES_FILE; its adapter (the server API, a vendor's webhook, an import)
 * turns what the app sends into SourceEvents, and one common path makes lake rows of them: the
 * event_id derived from the source and the vendor's own id (a redelivery is the same row), the
 * email hashed into `email_sha256`, `origin` stamped, then validation, enrichment, dedup and the
 * spool as for sdk.js's events. Adapters stay pure: bytes and headers in, SourceEvents out.
 */
import type { LakeActionType, PageInfo, Product, Scalar, SourceKind, Utm } from '@actionlake/schema';

/** `server`, `sendgrid`, `mailgun`, `mailchimp`, `shopify`, `stripe`, `import` (the lake schema's sourceKind) */
export type { SourceKind };

/** One entry of SOURCES_FILE. The secret field depends on the kind; it never reaches the lake, logs or /metrics. */
export interface Source {
  /** `^[a-z0-9][a-z0-9_-]{0,63}$`, the `:source` of /v1/hooks/:source and `origin.source_id` */
  id: string;
  kind: SourceKind;
  /** the site whose partitions its rows land in */
  site: string;
  /** server: the write key (HTTP Basic `KEY:` or `writeKey` in the body) */
  write_key?: string;
  /** shopify, stripe, mailgun: the vendor's signing key; mailchimp: the secret in the URL */
  secret?: string;
  /** sendgrid: the verification key as SendGrid shows it (base64 DER or PEM) */
  public_key?: string;
  /**
   * stripe, sendgrid, mailgun: how far (seconds) the vendor's signed timestamp may be from the
   * collector's clock, either way; unset, each vendor's default (Stripe 300, SendGrid 172800,
   * Mailgun 86400: sources/vendors/*.ts)
   */
  tolerance_seconds?: number;
}

/** What an adapter makes of one event of the app, before the common path. */
export interface SourceEvent {
  /**
   * The app's own id of this event (Segment `messageId`, SendGrid `sg_event_id`, Stripe `evt_…`,
   * Shopify `X-Shopify-Webhook-Id`, Mailgun `event-data.id`, an import's line key): the row's
   * event_id is derived from it and the source id, so every redelivery is the same row.
   */
  vendor_id: string;
  /** a plain action name of §10 (`Email opened`, `Order completed`, …), or the vendor's own name for an event type we do not map */
  action: string;
  /** a page's action types, or the server API's `screen`, `group`, `alias` */
  action_type: LakeActionType;
  /** the vendor's name of the event as it sent it (`open`, `orders/create`, `checkout.session.completed`) */
  vendor_event?: string;
  /** when it happened, by the app's clock (ISO-8601); the common path stores it as `occurred_at` */
  occurred_at: string;
  /**
   * the time as the app sent it, when occurred_at is corrected from it (Segment's originalTimestamp
   * before its sentAt skew correction); stored as `triggered_at`, default occurred_at
   */
  triggered_at?: string;
  user_id?: string | null;
  anonymous_id?: string | null;
  session_id?: string | null;
  /** in clear as the app sent it; the common path keeps only `email_sha256` as the id (and traits.email when the app sent it as a trait) */
  email?: string | null;
  page?: PageInfo;
  utm?: Utm;
  click_ids?: Record<string, string>;
  products?: Product[];
  attributes?: Record<string, Scalar>;
  traits?: Record<string, Scalar | null>;
  /** the caller's IP and User-Agent when the app passes them (Segment `context.ip`/`userAgent`, Shopify `browser_ip`) */
  ip?: string | null;
  user_agent?: string | null;
}

/** A webhook delivery as the route hands it to a vendor's adapter: nothing parsed yet. */
export interface WebhookRequest {
  method: 'GET' | 'POST';
  /** the body's bytes exactly as received: every vendor signs these */
  raw: Buffer;
  /** header names lower-cased */
  headers: Record<string, string | undefined>;
  /** the URL's query parameters (Mailchimp's `?secret=`) */
  query: URLSearchParams;
  /** the collector's clock, for the vendors' timestamp tolerances */
  now: Date;
}

export type WebhookVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

/** One vendor's webhook: its signature scheme and its payloads (contract §10). */
export interface WebhookAdapter {
  kind: SourceKind;
  /**
   * The vendor checks the URL with a GET (Mailchimp, when the webhook is saved): the route answers
   * such a GET with 200 once verify() passes, and parses nothing. Without it a GET is 405.
   */
  acceptsGet?: boolean;
  /** Checks the vendor's signature (or URL secret) on the raw body, before anything parses it. */
  verify(source: Source, req: WebhookRequest): WebhookVerdict;
  /**
   * The delivery's events. Throws a WebhookBodyError (the route answers 400 and stores the body as
   * a bad row) when the body is not what the vendor sends; an event type it does not map is still
   * an event, under the vendor's own name.
   */
  parse(source: Source, req: WebhookRequest): SourceEvent[];
}

/** A body that is not the vendor's payload: malformed JSON or form, a missing field. */
export class WebhookBodyError extends Error {}
