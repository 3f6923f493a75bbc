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
import { SHA1_PADDING_ROOM, sha1Words } from './sha1';

/** UUID v5 of 'https://actionlake.dev/sources' in the URL namespace (RFC 4122 appendix C). */
export const SOURCE_EVENT_NAMESPACE = '4d198640-0063-5a0a-8be3-a8da38231bad';

/** the longest name (UTF-8 bytes) hashed here; a longer one goes to node:crypto */
const NAME_MAX = 1024;
/** the namespace's bytes, then the name, written in place (no Buffer per id), with room for sha1Words' padding */
const scratch = Buffer.allocUnsafe(16 + NAME_MAX + SHA1_PADDING_ROOM);
let scratchNamespace = '';
const digest = new Int32Array(5);
/**
 * the id's 36 characters, written as bytes and read as one string: joining 20 hex pieces made a
 * string of ~10 parts that was flattened again by each reader (about half the id's garbage)
 */
const text = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
const DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** the low `n` hex digits of `w` at `at` */
function hexAt(w: number, at: number, n: number): void {
  for (let i = at + n - 1; i >= at; i--) {
    text[i] = DIGITS[w & 15];
    w >>>= 4;
  }
}

/**
 * Writes the name's UTF-8 after the namespace: `prefix` + `name` (two strings, so that no joined
 * string is made and flattened per id); the bytes written, or -1 when it does not fit.
 */
function writeName(prefix: string, name: string): number {
  // ASCII (ids nearly always are) by hand: Buffer#write is a call into C++ for a few bytes
  const length = prefix.length + name.length;
  if (length > NAME_MAX) return -1;
  let at = 16;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    if (c >= 0x80) return utf8Name(prefix + name);
    scratch[at++] = c;
  }
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x80) return utf8Name(prefix + name);
    scratch[at++] = c;
  }
  return length;
}

const utf8Name = (name: string): number => (name.length * 3 <= NAME_MAX ? scratch.write(name, 16, 'utf8') : -1);

/** RFC 4122 v5: SHA-1(namespace bytes + UTF-8 name), version and variant bits set, as 8-4-4-4-12 hex. */
export function uuidV5(namespace: string, name: string): string {
  return uuidV5Of(namespace, '', name);
}

/** uuidV5 of the name `prefix` + `name`. */
function uuidV5Of(namespace: string, prefix: string, name: string): string {
  if (namespace !== scratchNamespace) {
    const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
    if (ns.length !== 16) throw new Error(`not a UUID: ${namespace}`);
    ns.copy(scratch, 0);
    scratchNamespace = namespace;
  }
  const written = writeName(prefix, name);
  if (written >= 0) {
    sha1Words(scratch, 16 + written, digest);
  } else {
    const h = crypto.createHash('sha1').update(scratch.subarray(0, 16)).update(prefix + name, 'utf8').digest();
    for (let i = 0; i < 4; i++) digest[i] = h.readInt32BE(i * 4);
  }
  const w1 = (digest[1] & ~0xf000) | 0x5000; // version 5: the high nibble of byte 6
  const w2 = (digest[2] & 0x3fffffff) | 0x80000000; // RFC 4122 variant: byte 8's top bits 10
  hexAt(digest[0], 0, 8);
  hexAt(w1 >>> 16, 9, 4);
  hexAt(w1, 14, 4);
  hexAt(w2 >>> 16, 19, 4);
  hexAt(w2, 24, 4);
  hexAt(digest[3], 28, 8);
  return text.toString('latin1', 0, 36);
}

/** The event_id of the event `vendorId` of source `sourceId`. */
export function sourceEventId(sourceId: string, vendorId: string): string {
  return uuidV5Of(SOURCE_EVENT_NAMESPACE, sourceEventPrefix(sourceId), vendorId);
}

/** `<source id>:`, the same string for each event of a source */
let lastSourceId = '';
let lastPrefix = ':';
function sourceEventPrefix(sourceId: string): string {
  if (sourceId !== lastSourceId) {
    lastPrefix = `${sourceId}:`;
    lastSourceId = sourceId;
  }
  return lastPrefix;
}
