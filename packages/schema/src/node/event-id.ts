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
import { sha1Words } from './sha1';

/** UUID v5 of 'https://actionlake.dev/sources' in the URL namespace (RFC 4122 appendix C). */
export const SOURCE_EVENT_NAMESPACE = '4d198640-0063-5a0a-8be3-a8da38231bad';

/** the namespace's bytes, then the name, written in place (no Buffer per id) */
const scratch = Buffer.allocUnsafe(16 + 1024);
let scratchNamespace = '';
const digest = new Int32Array(5);
/** two hex digits of each byte value */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (w: number): string => HEX[(w >>> 24) & 0xff] + HEX[(w >>> 16) & 0xff] + HEX[(w >>> 8) & 0xff] + HEX[w & 0xff];
const hex2 = (w: number): string => HEX[(w >>> 8) & 0xff] + HEX[w & 0xff];

/** Writes the name's UTF-8 after the namespace; the bytes written, or -1 when it does not fit. */
function writeName(name: string): number {
  // ASCII (ids nearly always are) by hand: Buffer#write is a call into C++ for a few bytes
  if (name.length > scratch.length - 16) return -1;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return name.length * 3 <= scratch.length - 16 ? scratch.write(name, 16, 'utf8') : -1;
    scratch[16 + i] = c;
  }
  return name.length;
}

/** RFC 4122 v5: SHA-1(namespace bytes + UTF-8 name), version and variant bits set, as 8-4-4-4-12 hex. */
export function uuidV5(namespace: string, name: string): string {
  if (namespace !== scratchNamespace) {
    const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
    ns.copy(scratch, 0);
    scratchNamespace = namespace;
  }
  const written = writeName(name);
  if (written >= 0) {
    sha1Words(scratch, 16 + written, digest);
  } else {
    const h = crypto.createHash('sha1').update(scratch.subarray(0, 16)).update(name, 'utf8').digest();
    for (let i = 0; i < 4; i++) digest[i] = h.readInt32BE(i * 4);
  }
  const w1 = (digest[1] & ~0xf000) | 0x5000; // version 5: the high nibble of byte 6
  const w2 = (digest[2] & 0x3fffffff) | 0x80000000; // RFC 4122 variant: byte 8's top bits 10
  return `${hex4(digest[0])}-${hex2(w1 >>> 16)}-${hex2(w1)}-${hex2(w2 >>> 16)}-${hex2(w2)}${hex4(digest[3])}`;
}

/** The event_id of the event `vendorId` of source `sourceId`. */
export function sourceEventId(sourceId: string, vendorId: string): string {
  return uuidV5(SOURCE_EVENT_NAMESPACE, `${sourceId}:${vendorId}`);
}
