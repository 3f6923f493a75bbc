/**
 * UUID v4 (event ids, visitor and session ids): crypto.randomUUID where the page has it (secure
 * contexts), else the same from getRandomValues: each 0, 1 or 8 of the template becomes a random
 * hex digit, the 4 and the variant's top bits stay as RFC 9562 asks.
 */
export const uuid = (): string => {
  const c = crypto;
  return c.randomUUID ? c.randomUUID() : '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (d) =>
    (+d ^ (c.getRandomValues(new Uint8Array(1))[0] & (15 >> (+d / 4)))).toString(16));
};
