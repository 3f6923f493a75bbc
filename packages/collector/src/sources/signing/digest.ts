/**
 * The comparisons every vendor's signature check needs, in one place so that none of them is
 * written twice or compared with `===`: an HMAC-SHA256 over the raw bytes, a constant-time
 * comparison of the digest the vendor sent (hex or base64 text) with the one we computed, a
 * constant-time comparison of two secrets of any length (Mailchimp's `?secret=`), and the check
 * that a signed timestamp is within a tolerance of the collector's clock, both ways.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the parts, in order, with the key as the vendor gives it (its bytes, no decoding). */
export function hmacSha256(key: string, ...parts: (string | Buffer)[]): Buffer {
  const mac = createHmac('sha256', key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/**
 * Whether `sent` (the vendor's digest as text, hex or base64) is `expected`, compared in constant
 * time. Text that does not decode to a digest of the same length is simply not equal.
 */
export function digestEquals(expected: Buffer, sent: string | undefined, encoding: 'hex' | 'base64'): boolean {
  if (typeof sent !== 'string' || sent.length === 0) return false;
  const given = Buffer.from(sent.trim(), encoding);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Two secrets compared in constant time, whatever their lengths (each is hashed to 32 bytes first). */
export function secretEquals(expected: string, sent: string | null | undefined): boolean {
  if (typeof sent !== 'string' || expected.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(sent).digest();
  return timingSafeEqual(a, b);
}

/**
 * Whether a signed unix timestamp (seconds, as the vendor wrote it) is within `toleranceSeconds` of
 * `now`, before or after: a replayed delivery is refused once it is older than the tolerance, and a
 * timestamp from the future is as suspect as an old one.
 */
export function withinTolerance(timestamp: string | number, now: Date, toleranceSeconds: number): boolean {
  const seconds = typeof timestamp === 'number' ? timestamp : /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
  if (!Number.isFinite(seconds)) return false;
  return Math.abs(now.getTime() / 1000 - seconds) <= toleranceSeconds;
}
