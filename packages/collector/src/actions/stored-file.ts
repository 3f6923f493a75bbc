/**
 * The durable form of a site's action definitions: one JSON object per site in the lake store,
 * `config/site_id=<site>/actions.json`, replaced whole on every edit.
 */
import crypto from 'node:crypto';
import type { ActionDefinition } from '@actionlake/schema';

export interface StoredActions {
  /** changes on every edit; the HTTP ETag */
  version: string;
  /** null only for a site with nothing stored */
  updated_at: string | null;
  actions: ActionDefinition[];
}

/** What a site with nothing stored has. */
export const EMPTY_VERSION = '0';

export function actionsKey(site: string): string {
  return `config/site_id=${site}/actions.json`;
}

export function emptyActions(): StoredActions {
  return { version: EMPTY_VERSION, updated_at: null, actions: [] };
}

/** `<n+1>-<8 hex>`: the counter orders edits for a human, the random part makes it unique. */
export function nextVersion(previous: string): string {
  const n = Number.parseInt(previous.split('-')[0], 10);
  return `${Number.isFinite(n) && n >= 0 ? n + 1 : 1}-${crypto.randomBytes(4).toString('hex')}`;
}

export function encodeActions(file: StoredActions): Buffer {
  return Buffer.from(JSON.stringify(file));
}

/** Throws when the object is not an actions file (then nothing should overwrite it blindly). */
export function decodeActions(key: string, body: Buffer): StoredActions {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new Error(`${key} is not valid JSON: ${(err as Error).message}`);
  }
  const o = v as Partial<StoredActions> | null;
  if (!o || typeof o !== 'object' || typeof o.version !== 'string' || !Array.isArray(o.actions)) {
    throw new Error(`${key} is not an actions file ({version, updated_at, actions})`);
  }
  return { version: o.version, updated_at: typeof o.updated_at === 'string' ? o.updated_at : null, actions: o.actions };
}
