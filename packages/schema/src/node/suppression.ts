/**
 * The suppression list of a site (contract §8), the one place its format is written:
 * `config/site_id=<site>/suppressed.json`, written by `actionlake erase`, read by the collector
 * (which then stores nothing more from those ids). It holds the SHA-256 (lower-case hex of the
 * UTF-8 id) of every anonymous_id and user_id whose events must not be stored again, and of every
 * email_sha256 (the hash of the row's email_sha256 text, like any other id: contract §10 makes an
 * email an id of its person):
 *
 *   { "version": 1, "updated_at": "2026-11-28T19:00:00.000Z", "hashes": ["9f86d081…", …] }
 *
 * Only hashes are kept, so the list names no one in clear.
 */
import { createHash } from 'node:crypto';
import { configKey } from './lake-layout';

export function suppressedKey(site: string): string {
  return configKey(site, 'suppressed.json');
}

/** The SHA-256 of an id as the list holds it. */
export function hashId(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The hashes of a stored list; throws with the reason when the object is not one. */
export function decodeSuppressed(key: string, body: Buffer): Set<string> {
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new Error(`${key} is not valid JSON: ${(err as Error).message}`);
  }
  const hashes = (v as { hashes?: unknown } | null)?.hashes;
  if (!Array.isArray(hashes)) throw new Error(`${key} is not a suppression list ({"hashes": [SHA-256 hex, ...]})`);
  const bad = hashes.findIndex((h) => typeof h !== 'string' || !HEX64.test(h));
  if (bad >= 0) throw new Error(`${key}: hashes[${bad}] is not a lower-case SHA-256 hex string`);
  return new Set(hashes as string[]);
}

/** A list of `hashes` (sorted, without repeats), stamped `now`. */
export function encodeSuppressed(hashes: Iterable<string>, now = new Date()): Buffer {
  return Buffer.from(JSON.stringify({ version: 1, updated_at: now.toISOString(), hashes: [...new Set(hashes)].sort() }));
}
