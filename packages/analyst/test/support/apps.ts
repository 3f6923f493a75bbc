/**
 * Other apps' deliveries for the analyst's journeys (contract §10), made from the vendors' own
 * published payloads (packages/collector/test/fixtures/webhooks, sources and licences in its
 * README) and signed by each vendor's scheme (the collector's test support): a test names the
 * person's fields (address, time, the visitor's anonymous_id, a landing page) and the vendor's
 * event id; everything else is the vendor's sample as published.
 */
import {
  fixtureJson, fixtureText, sendgridBody, sendgridHeaders, sendgridKeys, shopifyHeaders, stripeEvent, stripeHeader,
} from '../../../collector/test/support/webhooks';
import type { Shop } from './journeys';

export const WRITE_KEY = 'wk_journeys_3f9a7c1e';
const SHOPIFY_SECRET = 'shpss_journeys_actionlake';
const STRIPE_SECRET = 'whsec_journeys_actionlake';
const keys = sendgridKeys();

/** the sources of SOURCES_FILE the deliveries below are signed for (site `shop`) */
export const SOURCES = [
  { id: 'backend', kind: 'server', site: 'shop', write_key: WRITE_KEY },
  { id: 'newsletter', kind: 'sendgrid', site: 'shop', public_key: keys.publicKey },
  { id: 'orders', kind: 'shopify', site: 'shop', secret: SHOPIFY_SECRET },
  { id: 'payments', kind: 'stripe', site: 'shop', secret: STRIPE_SECRET },
];

export interface Delivery {
  source: string;
  body: string;
  headers: Record<string, string>;
}

/** Delivers `d` to the shop's collector; anything but 200 fails the test. */
export async function deliver(shop: Shop, d: Delivery): Promise<void> {
  const status = await shop.hook(d.source, d.body, d.headers);
  if (status !== 200) throw new Error(`${d.source} answered ${status}`);
}

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** SendGrid's sample events of `event` (open, click, …) for `email` at `at`, with the vendor's event id `id`. */
export function sendgrid(event: string, email: string, at: string, id: string, fields: Record<string, unknown> = {}): Delivery {
  const sample = fixtureJson<Record<string, unknown>[]>('sendgrid/event-sample.json').find((e) => e.event === event);
  if (!sample) throw new Error(`SendGrid's sample has no "${event}" event`);
  const body = sendgridBody([{ ...sample, email, timestamp: unix(at), sg_event_id: id, ...fields }]);
  return { source: 'newsletter', body, headers: { 'content-type': 'application/json', ...sendgridHeaders(keys, body, unix(new Date().toISOString())) } };
}

export interface OrderFields {
  /** the webhook id (X-Shopify-Webhook-Id): a redelivery has the same */
  id: string;
  email: string;
  at: string;
  /** the visitor's anonymous_id, as the storefront snippet puts it in the cart's note attributes */
  anonymousId?: string;
  /** the landing page (path and query) Shopify records for the order's visit */
  landing?: string;
}

/** Shopify's sample order (orders/create), as `email` placed it at `at`. */
export function shopifyOrder(o: OrderFields): Delivery {
  let body = fixtureText('shopify/orders-create.json')
    .replace(/jon@example\.com|john@example\.com/g, o.email)
    .replace('"created_at":"2024-06-26T12:33:21-04:00"', `"created_at":"${o.at}"`);
  if (o.anonymousId) body = body.replace('"note_attributes":[]', `"note_attributes":[{"name":"actionlake_anonymous_id","value":"${o.anonymousId}"}]`);
  if (o.landing) body = body.replace('"landing_site":null', `"landing_site":${JSON.stringify(o.landing)}`);
  return { source: 'orders', body, headers: shopifyHeaders(body, SHOPIFY_SECRET, 'orders/create', o.id) };
}

/** Stripe's checkout.session.completed (stripe-mock's session, completed as the test says), signed now. */
export function stripeCheckout(id: string, at: string, session: Record<string, unknown>): Delivery {
  const body = stripeEvent('checkout.session.completed', 'checkout.session', { status: 'complete', payment_status: 'paid', ...session }, { id, created: unix(at) });
  return { source: 'payments', body, headers: { 'content-type': 'application/json', 'stripe-signature': stripeHeader(body, STRIPE_SECRET, unix(new Date().toISOString())) } };
}
