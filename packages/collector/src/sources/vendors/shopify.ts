/**
 * Shopify's webhooks (contract §10): the REST resource of the topic (`X-Shopify-Topic`) as JSON,
 * signed with `X-Shopify-Hmac-Sha256` = base64 HMAC-SHA256 of the raw body with the app's client
 * secret (the source's `secret`). `orders/create` is `Order completed`, `refunds/create` is
 * `Payment refunded`; any other topic is kept under its own name.
 *
 * Ids do not fit a double (`820982911946154508`): the body is parsed keeping such integers as the
 * digits Shopify sent (payload/json.ts), and every id on a row is a string. Dedup: Shopify resends
 * the original payload with the same `X-Shopify-Webhook-Id` on every retry (8 times over 4 h).
 * Person keys: the order's email (-> email_sha256), the visitor's `anonymous_id` that the storefront
 * put into the cart's note attribute `actionlake_anonymous_id` (README "Other apps"), and the
 * customer id as the trait `shopify_customer_id` (not `user_id`, which is the site's own login id:
 * a Shopify customer number there would not meet the site's identify calls and could collide with
 * another app's ids). The landing page (`landing_site`, path and query of the visit's first page)
 * gives the order's UTMs and click ids. Money is the shop's (`currency`, `*_set.shop_money`), never
 * the customer's presentment currency; an order's products carry their unit prices net of
 * discounts (./shopify-money.ts), its `revenue` attribute is `total_price`, what the customer paid.
 */
import type { PageInfo, Product } from '@actionlake/schema';
import type { Source, SourceEvent, WebhookAdapter, WebhookRequest, WebhookVerdict } from '../types';
import { WebhookBodyError } from '../types';
import { digestEquals, hmacSha256 } from '../signing/digest';
import { expectObject, idString, isObject, parseJsonKeepingIds, str, type Json, type JsonObject } from '../payload/json';
import { fromIso } from '../payload/time';
import { campaignOf } from '../payload/campaign';
import { currencyCode, decimal } from '../payload/money';
import { netLines, shopAmount } from './shopify-money';
import { ACTION } from '../payload/actions';
import { attributes } from '../payload/attributes';

/** the cart note attribute that carries the visitor's anonymous_id (contract §10, "Identity") */
export const SHOPIFY_ANONYMOUS_ID_ATTRIBUTE = 'actionlake_anonymous_id';

function verifyShopify(source: Source, req: WebhookRequest): WebhookVerdict {
  const sent = req.headers['x-shopify-hmac-sha256'];
  if (!sent) return { ok: false, status: 401, reason: 'missing X-Shopify-Hmac-Sha256 header' };
  if (!source.secret) return { ok: false, status: 401, reason: 'the source has no secret (the app client secret)' };
  if (!digestEquals(hmacSha256(source.secret, req.raw), sent, 'base64')) return { ok: false, status: 401, reason: 'bad signature' };
  return { ok: true };
}

const list = (value: Json | undefined): JsonObject[] => (Array.isArray(value) ? value.filter(isObject) : []);

function noteAttribute(order: JsonObject, name: string): string | undefined {
  const found = list(order.note_attributes).find((a) => a.name === name);
  return found ? idString(found.value) : undefined;
}

/** a line item as a product; its `price` is the unit price as given (an order's: net of discounts) */
function product(item: JsonObject, currency: string | undefined, quantity: Json | undefined, price = shopAmount(item, 'price')): Product {
  const p: Product = {};
  const fields: Product = {
    id: idString(item.product_id),
    name: str(item.title) ?? str(item.name),
    variant: str(item.variant_title),
    brand: str(item.vendor),
    price,
    currency,
    quantity: typeof quantity === 'number' ? quantity : undefined,
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (p as Record<string, unknown>)[k] = v;
  const traits = attributes({ sku: str(item.sku), variant_id: idString(item.variant_id) });
  if (Object.keys(traits).length) p.traits = traits;
  return p;
}

/** the landing page as a page, and its campaign */
function landing(order: JsonObject, shopDomain: string | undefined): Partial<SourceEvent> {
  const site = str(order.landing_site);
  if (!site) return {};
  const base = `https://${shopDomain ?? 'shop.invalid'}`;
  let url: URL;
  try {
    url = new URL(site, base);
  } catch {
    return {};
  }
  const page: PageInfo = { path: url.pathname };
  // the full URL only when the shop's domain is known (a path alone resolves against a placeholder)
  if (shopDomain || /^https?:/i.test(site)) page.url = url.href;
  const referrer = str(order.referring_site);
  if (referrer) page.referrer = referrer;
  return { page, ...campaignOf(url.href) };
}

function orderEvent(order: JsonObject, base: SourceEvent, shopDomain: string | undefined): SourceEvent {
  const currency = currencyCode(order.currency);
  const customer = isObject(order.customer) ? order.customer : {};
  const client = isObject(order.client_details) ? order.client_details : {};
  const event: SourceEvent = {
    ...base,
    action: ACTION.order,
    occurred_at: fromIso(order.created_at, '"created_at"'),
    email: str(order.email) ?? str(order.contact_email) ?? str(customer.email) ?? null,
    anonymous_id: noteAttribute(order, SHOPIFY_ANONYMOUS_ID_ATTRIBUTE) ?? null,
    // net unit prices (./shopify-money.ts): Σ price × quantity is what the goods cost after discounts
    products: netLines(order).map((l) => product(l.line, currency, l.line.quantity, l.price)),
    attributes: attributes({
      order_id: idString(order.id),
      order_name: str(order.name),
      order_number: idString(order.order_number),
      // what the customer paid: goods after discounts + shipping + tax (+ tip), in the shop's money
      revenue: shopAmount(order, 'total_price'),
      currency,
      subtotal: shopAmount(order, 'subtotal_price'),
      tax: shopAmount(order, 'total_tax'),
      shipping: shopAmount(order, 'total_shipping_price'),
      discount: shopAmount(order, 'total_discounts'),
      financial_status: str(order.financial_status),
      landing_site_ref: str(order.landing_site_ref),
      cart_token: str(order.cart_token),
      test: typeof order.test === 'boolean' ? order.test : undefined,
    }),
    ip: str(order.browser_ip) ?? str(client.browser_ip) ?? null,
    user_agent: str(client.user_agent) ?? null,
    ...landing(order, shopDomain),
  };
  const customerId = idString(customer.id);
  if (customerId) event.traits = { shopify_customer_id: customerId };
  return event;
}

function refundEvent(refund: JsonObject, base: SourceEvent): SourceEvent {
  const paid = list(refund.transactions).filter((t) => t.kind === 'refund' && t.status === 'success');
  const currency = currencyCode(paid[0]?.currency);
  const amount = paid.reduce((sum, t) => sum + (decimal(t.amount) ?? 0), 0);
  return {
    ...base,
    action: ACTION.refund,
    occurred_at: fromIso(refund.created_at ?? refund.processed_at, '"created_at"'),
    products: list(refund.refund_line_items)
      .filter((r) => isObject(r.line_item))
      .map((r) => product(r.line_item as JsonObject, currency, r.quantity)),
    attributes: attributes({
      order_id: idString(refund.order_id),
      refund_id: idString(refund.id),
      amount: paid.length ? Number(amount.toFixed(2)) : undefined,
      currency,
    }),
  };
}

/** a topic we do not map: kept under its own name, at the resource's own time if it has one */
function otherEvent(body: JsonObject, base: SourceEvent, req: WebhookRequest): SourceEvent {
  const when = body.created_at ?? body.updated_at ?? req.headers['x-shopify-triggered-at'];
  return {
    ...base,
    occurred_at: when ? fromIso(when, 'the resource time') : req.now.toISOString(),
    email: str(body.email) ?? null,
    attributes: attributes({ resource_id: idString(body.id) }),
  };
}

function parseShopify(_source: Source, req: WebhookRequest): SourceEvent[] {
  const topic = req.headers['x-shopify-topic'];
  if (!topic) throw new WebhookBodyError('missing X-Shopify-Topic header');
  const body = expectObject(parseJsonKeepingIds(req.raw), 'the body');
  const eventId = req.headers['x-shopify-event-id'];
  const vendorId = req.headers['x-shopify-webhook-id']
    ?? (eventId ? `${topic}|event:${eventId}` : undefined)
    ?? (idString(body.id) ? `${topic}|${idString(body.admin_graphql_api_id) ?? idString(body.id)}` : undefined);
  if (!vendorId) throw new WebhookBodyError('no X-Shopify-Webhook-Id header and no resource id');
  const base: SourceEvent = { vendor_id: vendorId, action: topic, action_type: 'custom', vendor_event: topic, occurred_at: '' };
  const shopDomain = req.headers['x-shopify-shop-domain'];
  if (topic === 'orders/create') return [orderEvent(body, base, shopDomain)];
  if (topic === 'refunds/create') return [refundEvent(body, base)];
  return [otherEvent(body, base, req)];
}

export const shopify: WebhookAdapter = { kind: 'shopify', verify: verifyShopify, parse: parseShopify };
