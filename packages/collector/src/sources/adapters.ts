/**
 * The webhook adapter of each kind (contract §10): `POST /v1/hooks/:source` hands a delivery to the
 * adapter registered here for the source's kind; a kind with none answers 501. Each vendor's
 * adapter (its signature scheme and payloads, behind the WebhookAdapter seam of ./types.ts) is
 * added to this map; createApp's `webhookAdapters` replaces it (tests).
 */
import type { SourceKind, WebhookAdapter } from './types';
import { VENDOR_ADAPTERS } from './vendors';

export const WEBHOOK_ADAPTERS: ReadonlyMap<SourceKind, WebhookAdapter> = new Map<SourceKind, WebhookAdapter>(
  Object.entries(VENDOR_ADAPTERS) as [SourceKind, WebhookAdapter][],
);
