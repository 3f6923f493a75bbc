/**
 * The identifiers an ad platform matches a person on, read from the person's latest `identify`
 * traits (profiles.traits, contract §7). The trait names are Segment's reserved traits
 * (https://segment.com/docs/connections/spec/identify/#traits): `email`, `phone`, `firstName`,
 * `lastName`, `name`, and `address` { city, state, postalCode, country } — which the collector's
 * server API stores flattened as `address.city`, … (traits are flat on a lake row) — plus the
 * snake_case spellings that sdk.js users and the vendors' rows write (`first_name`, `last_name`,
 * `postal_code`, `zip`, `city`, `state`, `country`). The first name in each list that holds a
 * non-empty value wins. `name` ("Mary Smith") fills first and last name only when neither is given
 * and it has at least two words: its first and its last.
 *
 * Only raw values here; each platform's normalization and hashing is in ./google-rules.ts and
 * ./meta-rules.ts.
 */

export interface Identity {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

/** The traits each identifier is read from, in order of preference (documented in the README). */
export const TRAIT_NAMES: Record<keyof Identity, readonly string[]> = {
  email: ['email'],
  phone: ['phone', 'phone_number'],
  firstName: ['firstName', 'first_name'],
  lastName: ['lastName', 'last_name'],
  city: ['address.city', 'city'],
  state: ['address.state', 'state'],
  zip: ['address.postalCode', 'address.postal_code', 'postalCode', 'postal_code', 'zip'],
  country: ['address.country', 'country'],
};

function text(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** The identifiers in a traits object (parsed JSON, or its text as DuckDB gives a JSON column). */
export function identityOf(traits: unknown): Identity {
  let t: Record<string, unknown> = {};
  if (typeof traits === 'string') {
    try {
      const parsed = JSON.parse(traits);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) t = parsed;
    } catch {
      t = {};
    }
  } else if (traits && typeof traits === 'object' && !Array.isArray(traits)) t = traits as Record<string, unknown>;
  // a nested `address` object (Segment's shape, when a row keeps it) counts as its flattened keys
  const address = t.address && typeof t.address === 'object' ? (t.address as Record<string, unknown>) : {};
  const read = (names: readonly string[]): string | null => {
    for (const n of names) {
      const v = text(n.startsWith('address.') ? (t[n] ?? address[n.slice(8)]) : t[n]);
      if (v !== null) return v;
    }
    return null;
  };
  const id = Object.fromEntries(Object.entries(TRAIT_NAMES).map(([k, names]) => [k, read(names)])) as unknown as Identity;
  const full = text(t.name);
  if (full && id.firstName === null && id.lastName === null) {
    const words = full.split(/\s+/);
    if (words.length >= 2) {
      id.firstName = words[0];
      id.lastName = words[words.length - 1];
    }
  }
  return id;
}
