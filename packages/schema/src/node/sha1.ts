/**
 * SHA-1 (FIPS 180-4) of a few bytes, in JavaScript, for event-id.ts's name-based UUIDs. A source's
 * event id hashes 16 bytes of namespace and a short name (one or two 64-byte blocks): the call into
 * node:crypto (`crypto.hash`) cost about 2 µs per id under the server API's load, more than the
 * hash itself, which takes a fraction of that here. Names over 1 KB still go to node:crypto.
 * Same digest: the schema's event-id test compares the two on many names.
 */

/** the message schedule, reused */
const W = new Int32Array(80);
/** the last block's bytes: the message's tail, 0x80, zeros, the length (the message is read in place up to it) */
const TAIL = new Uint8Array(128);

/** Writes SHA-1 of `bytes[0, length)` into `out` (five 32-bit big-endian words). */
export function sha1Words(bytes: Uint8Array, length: number, out: Int32Array): void {
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  // the message, 0x80, zeros, then its length in bits as 64 bits: whole 64-byte blocks. The whole
  // blocks of the message are read where they are, the rest from TAIL (one or two blocks), so that
  // no byte is tested against the length as it is read
  const blocks = ((length + 8) >> 6) + 1;
  const whole = length >> 6;
  const rest = length - (whole << 6);
  TAIL.fill(0);
  for (let i = 0; i < rest; i++) TAIL[i] = bytes[(whole << 6) + i];
  TAIL[rest] = 0x80;
  const end = (blocks - whole) << 6;
  TAIL[end - 4] = length >>> 21;
  TAIL[end - 3] = length >>> 13;
  TAIL[end - 2] = length >>> 5;
  TAIL[end - 1] = length << 3;
  TAIL[end - 5] = length >>> 29;
  for (let block = 0; block < blocks; block++) {
    const src = block < whole ? bytes : TAIL;
    const base = block < whole ? block << 6 : (block - whole) << 6;
    for (let i = 0; i < 16; i++) {
      const p = base + (i << 2);
      W[i] = (src[p] << 24) | (src[p + 1] << 16) | (src[p + 2] << 8) | src[p + 3];
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
