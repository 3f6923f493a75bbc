/**
 * SHA-1 (FIPS 180-4) of a few bytes, in JavaScript, for event-id.ts's name-based UUIDs. A source's
 * event id hashes 16 bytes of namespace and a short name (one or two 64-byte blocks): the call into
 * node:crypto (`crypto.hash`) cost about 2 µs per id under the server API's load, more than the
 * hash itself, which takes a fraction of that here. Names over 1 KB still go to node:crypto.
 * Same digest: the schema's event-id test compares the two on many names.
 */

/** the message schedule, reused */
const W = new Int32Array(80);

/** Writes SHA-1 of `bytes[0, length)` into `out` (five 32-bit big-endian words). */
export function sha1Words(bytes: Uint8Array, length: number, out: Int32Array): void {
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  // the message, 0x80, zeros, then its length in bits as 64 bits: whole 64-byte blocks
  const blocks = ((length + 8) >> 6) + 1;
  for (let block = 0; block < blocks; block++) {
    const base = block << 6;
    for (let i = 0; i < 16; i++) {
      let w = 0;
      for (let j = 0; j < 4; j++) {
        const p = base + (i << 2) + j;
        w = (w << 8) | (p < length ? bytes[p] : p === length ? 0x80 : 0);
      }
      W[i] = w;
    }
    if (block === blocks - 1) {
      W[14] = length >>> 29;
      W[15] = length << 3;
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
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + W[i]) | 0;
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
