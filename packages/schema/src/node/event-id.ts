/**
 * The event_id of a row from another app (contract §10): a name-based UUID, version 5 of RFC 4122
 * (RFC 9562 §5.5: SHA-1 of a namespace and a name), of the source's id and the app's own id of the
 * event. Every redelivery of one vendor event (a Stripe retry, a Segment retry with its messageId,
 * an import run twice) is then the same event_id: the collector's dedup window drops it, and
 * `actionlake compact` keeps one row per event_id beyond that window. The collector and
 * `actionlake import` both call this: one rule.
 *
 * Any language reproduces it, e.g. Python: uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL,
 * 'https://actionlake.dev/sources'), 'shop-stripe:evt_123'). Source ids (`^[a-z0-9][a-z0-9_-]*$`)
 * hold no `:`, so the name `<source id>:<vendor id>` is unambiguous. SHA-1 here names, it does not
 * protect: nothing relies on the id being hard to forge.
 */
import crypto from 'node:crypto';

/** UUID v5 of 'https://actionlake.dev/sources' in the URL namespace (RFC 4122 appendix C). */
export const SOURCE_EVENT_NAMESPACE = '4d198640-0063-5a0a-8be3-a8da38231bad';

/** `crypto.hash` (Node 20.12+): one call, a third cheaper than createHash().update().digest() per id */
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash;
/** the namespace's bytes, then the name, written in place (no Buffer per id) */
const scratch = Buffer.allocUnsafe(16 + 1024);
let scratchNamespace = '';

/** RFC 4122 v5: SHA-1(namespace bytes + UTF-8 name), version and variant bits set, as 8-4-4-4-12 hex. */
export function uuidV5(namespace: string, name: string): string {
  if (namespace !== scratchNamespace) {
    const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
    ns.copy(scratch, 0);
    scratchNamespace = namespace;
  }
  const h = oneShot && name.length * 3 <= scratch.length - 16
    ? oneShot('sha1', scratch.subarray(0, 16 + scratch.write(name, 16, 'utf8')), 'buffer')
    : crypto.createHash('sha1').update(scratch.subarray(0, 16)).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The event_id of the event `vendorId` of source `sourceId`. */
export function sourceEventId(sourceId: string, vendorId: string): string {
  return uuidV5(SOURCE_EVENT_NAMESPACE, `${sourceId}:${vendorId}`);
}
