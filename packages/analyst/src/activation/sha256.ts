/**
 * SHA-256 as lower-case hex of the UTF-8 text: the one hash both platforms take for normalized
 * identifiers (Google: "Hash using the SHA-256 algorithm. Encode the hash bytes using hex",
 * https://developers.google.com/data-manager/api/devguides/concepts/formatting; Meta: "Hashing
 * required", SHA-256, https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters).
 */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
