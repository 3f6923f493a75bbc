/**
 * The vendors' webhook adapters by source kind (contract §10), for the hooks route's
 * `kind -> adapter` map. Each module is one vendor's signature scheme and payloads.
 */
import type { SourceKind, WebhookAdapter } from '../types';
import { sendgrid } from './sendgrid';
import { mailgun } from './mailgun';
import { mailchimp } from './mailchimp';
import { shopify } from './shopify';
import { stripe } from './stripe';

export const VENDOR_ADAPTERS: Partial<Record<SourceKind, WebhookAdapter>> = { sendgrid, mailgun, mailchimp, shopify, stripe };
export { sendgrid, mailgun, mailchimp, shopify, stripe };
