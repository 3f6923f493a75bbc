/**
 * An email as an id of its person (contract §10, "Identity"): trimmed and lower-cased, then SHA-256
 * (hex). The lake keeps `email_sha256` on a row, never a second copy of the address, so that every
 * app's touches of one address (an identify's traits, a newsletter open, a shop order, an imported
 * contact) meet in one person. The collector and `actionlake import` both call this: one rule.
 *
 * This is ActionLake's own normalization, not an ad platform's: Google's and Meta's upload rules
 * (Gmail dots, E.164 phones) belong to activation (contract §12), which reads the traits.
 */
import { createHash } from 'node:crypto';

/** the longest address RFC 5321 allows in a path */
const MAX_EMAIL_LENGTH = 254;
/** one `@`, something on both sides, no white space or control characters inside */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The address trimmed and lower-cased, or null when it is not one (empty, no `@`, spaces inside, too long). */
export function normalizeEmail(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL.test(email)) return null;
  return email;
}

/** SHA-256 (64 hex digits) of the normalized address, or null when `raw` is not an address. */
export function emailSha256(raw: unknown): string | null {
  const email = normalizeEmail(raw);
  return email === null ? null : createHash('sha256').update(email).digest('hex');
}
