/**
 * The suppression list of a site (contract §8): `config/site_id=<site>/suppressed.json`, written by
 * `actionlake erase`, read by the collector (list.ts): the SHA-256 of every anonymous_id, user_id
 * and email_sha256 whose events must not be stored again. Its format is written once, in
 * `@actionlake/schema/node` (suppression.ts), shared with the analyst.
 */
export { decodeSuppressed, encodeSuppressed, hashId, suppressedKey } from '@actionlake/schema/node';
