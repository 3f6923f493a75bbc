/**
 * SHA-1 (FIPS 180-4) of a few bytes, in JavaScript, for event-id.ts's name-based UUIDs. A source's
 * event id hashes 16 bytes of namespace and a short name (one or two 64-byte blocks): the call into
 * node:crypto (`crypto.hash`) cost about 2 µs per id under the server API's load, more than the
 * hash itself, which takes a fraction of that here. Names over 1 KB still go to node:crypto.
 * Same digest: the schema's event-id test compares the two on many names.
 */

/** the message schedule, reused */
const W = new Int32Array(80);
/** bytes past the message that the padding can take: 0x80, up to 63 zeros, and the 8-byte length */
export const SHA1_PADDING_ROOM = 72;

/**
 * Writes SHA-1 of `bytes[0, length)` into `out` (five 32-bit big-endian words). The padding is
 * written in place after the message, so `bytes` must be the caller's scratch with
 * SHA1_PADDING_ROOM bytes of room past `length`: copying the message's last block into a padded
 * one of its own (zeroing 128 bytes, then the tail byte by byte) was a third of an event id's
 * hash (issue 20, seventh pass).
 */
export function sha1Words(bytes: Uint8Array, length: number, out: Int32Array): void {
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  // the message, 0x80, zeros, then its length in bits as 64 bits: whole 64-byte blocks
  const blocks = ((length + 8) >> 6) + 1;
  const end = blocks << 6;
  if (end > bytes.length) throw new RangeError('sha1Words: no room for the padding after the message');
  bytes[length] = 0x80;
  for (let i = length + 1; i < end - 4; i++) bytes[i] = 0;
  bytes[end - 4] = length >>> 21;
  bytes[end - 3] = length >>> 13;
  bytes[end - 2] = length >>> 5;
  bytes[end - 1] = length << 3;
  bytes[end - 5] = length >>> 29;
  for (let block = 0; block < blocks; block++) {
    const base = block << 6;
    for (let i = 0; i < 16; i++) {
      const p = base + (i << 2);
      W[i] = (bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3];
    }
    for (let i = 16; i < 80; i++) {
      const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
      W[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let t: number;
    // the four rounds of twenty, each in its own loop (no test of the round per step)
    for (let i = 0; i < 20; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 20; i < 40; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 40; i < 60; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (let i = 60; i < 80; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  out[0] = h0;
  out[1] = h1;
  out[2] = h2;
  out[3] = h3;
  out[4] = h4;
}
