/**
 * The vendors' published payloads (test/fixtures/webhooks, sources in its README) and each vendor's
 * signing scheme, for the adapters' unit tests and the collector's end-to-end webhook tests: a test
 * signs a real payload the way the vendor does and hands it over as the vendor would.
 * Stripe's header is made by Stripe's own library; SendGrid's by a P-256 key pair made here (its
 * published vectors have no private key); the HMACs with node:crypto.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import type { WebhookRequest } from '../../src/sources/types';

const DIR = path.join(__dirname, '..', 'fixtures', 'webhooks');

export const fixtureText = (file: string): string => fs.readFileSync(path.join(DIR, file), 'utf8');
export const fixtureJson = <T = any>(file: string): T => JSON.parse(fixtureText(file)) as T;

/** A delivery as the hooks route hands it to an adapter. */
export function hookRequest(body: string | Buffer, headers: Record<string, string> = {}, opts: { now?: Date; query?: string; method?: 'GET' | 'POST' } = {}): WebhookRequest {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return {
    method: opts.method ?? 'POST',
    raw: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    headers: lower,
    query: new URLSearchParams(opts.query ?? ''),
    now: opts.now ?? new Date(),
  };
}

// --- Stripe --------------------------------------------------------------------------------------

const stripeLib = new Stripe('sk_test_actionlake');

/** `Stripe-Signature` for `payload` at `timestamp` (unix s), by Stripe's own library. */
export function stripeHeader(payload: string, secret: string, timestamp: number): string {
  return stripeLib.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

const stripeResources = () => fixtureJson<Record<string, any>>('stripe/fixtures3-resources.json');

/**
 * A Stripe Event of `type` around one of stripe-mock's resources, with `object` fields set on top
 * (stripe-mock's session is an open one: a completed session's fields are the test's to say).
 */
export function stripeEvent(type: string, resource: 'checkout.session' | 'charge', object: Record<string, unknown>, event: Record<string, unknown> = {}): string {
  const r = stripeResources();
  return JSON.stringify({ ...r.event, type, ...event, data: { object: { ...r[resource], ...object } } }, null, 2);
}

// --- SendGrid ------------------------------------------------------------------------------------

export interface SendgridKeys { privateKey: KeyObject; publicKey: string }

/** a key pair, the public key as SendGrid's console shows it (base64 SPKI DER) */
export function sendgridKeys(): SendgridKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

/** SendGrid's wire form of a batch: one event per line, CRLF after each (sources.md §2.1) */
export function sendgridBody(events: unknown[]): string {
  return '[' + events.map((e) => JSON.stringify(e)).join(',\r\n') + ']\r\n';
}

export function sendgridHeaders(keys: SendgridKeys, body: string, timestamp: number): Record<string, string> {
  const signature = sign('sha256', Buffer.from(`${timestamp}${body}`, 'utf8'), keys.privateKey).toString('base64');
  return { 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': String(timestamp) };
}

// --- Shopify, Mailgun ----------------------------------------------------------------------------

export function shopifyHeaders(body: string, secret: string, topic: string, webhookId: string, shop = 'actionlake-demo.myshopify.com'): Record<string, string> {
  return {
    'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
    'X-Shopify-Topic': topic,
    'X-Shopify-Webhook-Id': webhookId,
    'X-Shopify-Shop-Domain': shop,
    'Content-Type': 'application/json',
  };
}

/** a Mailgun body: the documented event, signed with the documented timestamp and token */
export function mailgunBody(eventData: unknown, secret: string, sig = fixtureJson<{ timestamp: string; token: string }>('mailgun/signature.json')): string {
  const signature = createHmac('sha256', secret).update(sig.timestamp + sig.token).digest('hex');
  return JSON.stringify({ signature: { timestamp: sig.timestamp, token: sig.token, signature }, 'event-data': eventData });
}
