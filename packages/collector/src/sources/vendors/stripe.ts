/**
 * Stripe's webhooks (contract §10): an Event as JSON (`{id: "evt_…", type, created, data: {object}}`),
 * signed in `Stripe-Signature: t=…,v1=…[,v1=…]`: v1 is hex HMAC-SHA256 of `"{t}.{raw body}"` with the
 * endpoint secret (`whsec_…`, the source's `secret`). A delivery is accepted when ANY v1 matches (Stripe
 * sends two while an endpoint's secret rolls over) and `t` is within 300 s of the collector's clock,
 * before or after (stripe-node's DEFAULT_TOLERANCE).
 *
 * `checkout.session.completed` is `Order completed`: revenue `amount_total` in major units of the
 * session's currency (zero-decimal currencies such as JPY are not divided: payload/money.ts), order id
 * the session id, products from `line_items` when the event carries them (Stripe leaves them out of
 * webhook events unless expanded). `charge.refunded` is `Payment refunded` (`amount_refunded`, the
 * charge's total refunded so far). Any other type is kept under its own name. Dedup: the event id,
 * the same on every retry (Stripe retries for up to 3 days). Person keys: the customer's email;
 * `metadata.actionlake_anonymous_id`, else `client_reference_id`, as the visitor's anonymous_id; the
 * Stripe customer as the trait `stripe_customer_id` (not `user_id`: see vendors/shopify.ts).
 */
import type { Product } from '@actionlake/schema';
import type { Source, SourceEvent, WebhookAdapter, WebhookRequest, WebhookVerdict } from '../types';
import { WebhookBodyError } from '../types';
import { digestEquals, hmacSha256, withinTolerance } from '../signing/digest';
import { expectObject, isObject, parseJson, str, type Json, type JsonObject } from '../payload/json';
import { fromUnixSeconds } from '../payload/time';
import { currencyCode, stripeMajor } from '../payload/money';
import { ACTION } from '../payload/actions';
import { attributes } from '../payload/attributes';

/** stripe-node's DEFAULT_TOLERANCE; a source's `tolerance_seconds` overrides it */
export const STRIPE_TOLERANCE_SECONDS = 300;
/** the metadata key that carries the visitor's anonymous_id (contract §10, "Identity") */
export const STRIPE_ANONYMOUS_ID_KEY = 'actionlake_anonymous_id';

/** `t=…,v1=…,v1=…,v0=…` → the timestamp and every v1 */
function signatureHeader(header: string): { t?: string; v1: string[] } {
  const parsed: { t?: string; v1: string[] } = { v1: [] };
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't') parsed.t = value;
    else if (key === 'v1') parsed.v1.push(value);
  }
  return parsed;
}

function verifyStripe(source: Source, req: WebhookRequest): WebhookVerdict {
  const header = req.headers['stripe-signature'];
  if (!header) return { ok: false, status: 401, reason: 'missing Stripe-Signature header' };
  const { t, v1 } = signatureHeader(header);
  if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0) return { ok: false, status: 401, reason: 'Stripe-Signature has no t= timestamp or no v1= signature' };
  if (!source.secret) return { ok: false, status: 401, reason: 'the source has no secret (the endpoint signing secret whsec_…)' };
  const expected = hmacSha256(source.secret, `${t}.`, req.raw);
  // every v1 is compared (no early exit), so the time taken does not tell which one matched
  const matched = v1.reduce((any, sig) => digestEquals(expected, sig, 'hex') || any, false);
  if (!matched) return { ok: false, status: 401, reason: 'bad signature' };
  const tolerance = source.tolerance_seconds ?? STRIPE_TOLERANCE_SECONDS;
  if (!withinTolerance(t, req.now, tolerance)) {
    return { ok: false, status: 401, reason: `stale timestamp: more than ${tolerance} s from the collector's clock` };
  }
  return { ok: true };
}

const obj = (value: Json | undefined): JsonObject => (isObject(value) ? value : {});

/** the Stripe customer: an id, or an expanded customer object */
function customerId(value: Json | undefined): string | undefined {
  return str(value) ?? (isObject(value) ? str(value.id) : undefined);
}

function products(session: JsonObject, currency: string | undefined): Product[] | undefined {
  const items = isObject(session.line_items) && Array.isArray(session.line_items.data) ? session.line_items.data.filter(isObject) : [];
  if (items.length === 0) return undefined;
  return items.map((item) => {
    const price = obj(item.price);
    const quantity = typeof item.quantity === 'number' ? item.quantity : 1;
    const p: Product = { quantity, currency };
    const id = customerId(price.product);
    if (id) p.id = id;
    const name = str(item.description);
    if (name) p.name = name;
    // the unit price as charged: the line's total over its quantity (discounts and taxes included)
    const total = stripeMajor(item.amount_total, currency?.toLowerCase());
    const unit = stripeMajor(price.unit_amount, currency?.toLowerCase());
    if (unit !== undefined) p.price = unit;
    else if (total !== undefined) p.price = Number((total / quantity).toFixed(3));
    return p;
  });
}

function orderEvent(session: JsonObject, base: SourceEvent): SourceEvent {
  const currency = currencyCode(session.currency);
  const details = obj(session.customer_details);
  const metadata = obj(session.metadata);
  const event: SourceEvent = {
    ...base,
    action: ACTION.order,
    email: str(details.email) ?? str(session.customer_email) ?? null,
    anonymous_id: str(metadata[STRIPE_ANONYMOUS_ID_KEY]) ?? str(session.client_reference_id) ?? null,
    attributes: attributes({
      order_id: str(session.id),
      revenue: stripeMajor(session.amount_total, str(session.currency)),
      currency,
      subtotal: stripeMajor(session.amount_subtotal, str(session.currency)),
      payment_intent: str(session.payment_intent),
      payment_status: str(session.payment_status),
      mode: str(session.mode),
      livemode: typeof session.livemode === 'boolean' ? session.livemode : undefined,
    }),
  };
  const items = products(session, currency);
  if (items) event.products = items;
  const customer = customerId(session.customer);
  if (customer) event.traits = { stripe_customer_id: customer };
  return event;
}

function refundEvent(charge: JsonObject, base: SourceEvent): SourceEvent {
  const billing = obj(charge.billing_details);
  const event: SourceEvent = {
    ...base,
    action: ACTION.refund,
    email: str(billing.email) ?? str(charge.receipt_email) ?? null,
    anonymous_id: str(obj(charge.metadata)[STRIPE_ANONYMOUS_ID_KEY]) ?? null,
    attributes: attributes({
      charge_id: str(charge.id),
      payment_intent: str(charge.payment_intent),
      amount: stripeMajor(charge.amount_refunded, str(charge.currency)),
      charged: stripeMajor(charge.amount, str(charge.currency)),
      currency: currencyCode(charge.currency),
      fully_refunded: typeof charge.refunded === 'boolean' ? charge.refunded : undefined,
      livemode: typeof charge.livemode === 'boolean' ? charge.livemode : undefined,
    }),
  };
  const customer = customerId(charge.customer);
  if (customer) event.traits = { stripe_customer_id: customer };
  return event;
}

function parseStripe(_source: Source, req: WebhookRequest): SourceEvent[] {
  const body = expectObject(parseJson(req.raw), 'the body');
  const id = str(body.id);
  const type = str(body.type);
  if (!id || !type) throw new WebhookBodyError('not a Stripe Event: no "id" or "type"');
  const object = obj(obj(body.data).object);
  const base: SourceEvent = {
    vendor_id: id,
    action: type,
    action_type: 'custom',
    vendor_event: type,
    occurred_at: fromUnixSeconds(body.created, '"created"'),
  };
  if (type === 'checkout.session.completed') return [orderEvent(object, base)];
  if (type === 'charge.refunded') return [refundEvent(object, base)];
  return [{ ...base, attributes: attributes({ object: str(object.object), object_id: str(object.id) }) }];
}

export const stripe: WebhookAdapter = { kind: 'stripe', verify: verifyStripe, parse: parseStripe };
