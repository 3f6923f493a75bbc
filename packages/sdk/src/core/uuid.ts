/**
 * UUID v4 (event ids, visitor and session ids) from one getRandomValues call: each 0, 1 or 8 of the
 * template becomes a random hex digit, the 4 and the variant's top bits stay as RFC 9562 asks.
 * (crypto.randomUUID exists only in secure contexts, so this path was needed anyway; one call of
 * 31 bytes costs about what randomUUID does, and sdk.js is 8 KB gzip with nothing to spare.)
 */
export const uuid = (): string => {
  const r = crypto.getRandomValues(new Uint8Array(31));
  let i = 0;
  return '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (d) => (+d ^ (r[i++] & (15 >> (+d / 4)))).toString(16));
};
