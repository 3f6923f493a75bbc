/**
 * Sources (contract §10): the other apps whose touches land in the lake beside the website's.
 * A source is declared in SOURCES_FILE; its adapter (the server API, a vendor's webhook, an import)
 * turns what the app sends into SourceEvents, and one common path makes lake rows of them: the
 * event_id derived from the source and the vendor's own id (a redelivery is the same row), the
 * email hashed into `email_sha256`, `origin` stamped, then validation, enrichment, dedup and the
 * spool as for sdk.js's events. Adapters stay pure: bytes and headers in, SourceEvents out.
 */
import type { SourceKind } from '@actionlake/schema';

/** `server`, `sendgrid`, `mailgun`, `mailchimp`, `shopify`, `stripe`, `import` (the lake schema's sourceKind) */
export type { SourceKind };

/** One entry of SOURCES_FILE (its format lives in `@actionlake/schema/node`, shared with `actionlake import`). */
export type { Source } from '@actionlake/schema/node';

/** What an adapter makes of one event of the app (its shape lives in `@actionlake/schema/node`, shared with `actionlake import`). */
export type { SourceEvent } from '@actionlake/schema/node';
import type { Source, SourceEvent } from '@actionlake/schema/node';

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
