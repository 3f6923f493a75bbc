/**
 * Meta's rules for customer information (Conversions API user_data, Custom Audience customer
 * lists), applied before SHA-256. Every rule quotes the "Customer Information Parameters" page
 * (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters)
 * and, where the page leaves a detail open, follows Meta's own Business SDK
 * (facebook/facebook-nodejs-business-sdk src/objects/serverside/utils.js): trim and lower-case
 * everything first; what is left empty is no identifier.
 */
import type { Identity } from './identifiers';
import { countryCode, e164 } from './phone-country';
import { sha256Hex } from './sha256';

/** em: "Trim any leading and trailing spaces. Convert all characters to lowercase." (John_Smith@gmail.com → john_smith@gmail.com) */
export function metaEmail(raw: string | null): string | null {
  if (!raw) return null;
  const email = raw.trim().toLowerCase();
  // the SDK's RFC 2822 approximation: one @, a local part, a dotted domain
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/**
 * ph: "Remove symbols, letters, and any leading zeros. Phone numbers must include a country code"
 * (US (650)555-1212 → 16505551212): the E.164 number (country code from the person's country or the
 * default region) without its `+`.
 */
export function metaPhone(raw: string | null, regions: (string | null | undefined)[]): string | null {
  const n = e164(raw, regions);
  return n === null ? null : n.slice(1);
}

/**
 * fn, ln: "Lowercase only with no punctuation. If using special characters, the text must be
 * encoded in UTF-8 format" (Mary → mary; Valéry → valéry, accents kept).
 */
export function metaName(raw: string | null): string | null {
  if (!raw) return null;
  const name = raw.trim().toLowerCase().replace(/[\p{P}\p{S}]/gu, '').trim();
  return name || null;
}

/** ct: "Lowercase only with no punctuation, no special characters, and no spaces" (newyork); the SDK also drops digits. */
export function metaCity(raw: string | null): string | null {
  if (!raw) return null;
  const city = raw.trim().toLowerCase().replace(/[\p{P}\p{S}\s\d]/gu, '');
  return city || null;
}

/** st: "the 2-character ANSI abbreviation code in lowercase"; outside the U.S. "lowercase with no punctuation, no special characters, and no spaces". */
export function metaState(raw: string | null): string | null {
  return metaCity(raw);
}

/**
 * zp: "Use lowercase with no spaces and no dash. Use only the first 5 digits for U.S. zip codes.
 * Use the area, district, and sector format for the UK" (94035; m11ae). The SDK keeps the part
 * before a dash (94035-1234 → 94035) and drops codes shorter than 2 characters.
 */
export function metaZip(raw: string | null, country: string | null): string | null {
  if (!raw) return null;
  let zip = raw.trim().toLowerCase().replace(/\s+/g, '');
  zip = country === 'US' || /^\d{5}-\d{4}$/.test(zip) ? zip.split('-')[0] : zip.replace(/-/g, '');
  if (country === 'US') zip = zip.slice(0, 5);
  return zip.length >= 2 ? zip : null;
}

/** country: "lowercase, 2-letter country codes in ISO 3166-1 alpha-2" (United States → us). */
export function metaCountry(raw: string | null): string | null {
  return countryCode(raw)?.toLowerCase() ?? null;
}

/** Meta's user data keys, hashed (external_id: "Hashing recommended": hashed too). */
export interface MetaUserData {
  em?: string;
  ph?: string;
  fn?: string;
  ln?: string;
  ct?: string;
  st?: string;
  zp?: string;
  country?: string;
  external_id?: string;
}

/** The identifiers as Meta wants them, hashed; keys without a value left out. */
export function metaIdentifiers(id: Identity, regions: (string | null | undefined)[], defaultCountry: string | null, userId: string | null): MetaUserData {
  const country = metaCountry(id.country) ?? metaCountry(defaultCountry);
  const upper = country?.toUpperCase() ?? null;
  const values: Record<keyof MetaUserData, string | null> = {
    em: metaEmail(id.email),
    ph: metaPhone(id.phone, [id.country, ...regions]),
    fn: metaName(id.firstName),
    ln: metaName(id.lastName),
    ct: metaCity(id.city),
    st: metaState(id.state),
    zp: metaZip(id.zip, upper),
    country,
    external_id: userId && userId.trim() ? userId.trim() : null,
  };
  const out: MetaUserData = {};
  for (const [k, v] of Object.entries(values)) if (v !== null) out[k as keyof MetaUserData] = sha256Hex(v);
  return out;
}

/** Whether any key a person is matched by alone is there (country, city, zip alone match no one). */
export function metaMatchable(u: MetaUserData): boolean {
  return Boolean(u.em || u.ph || u.external_id || (u.fn && u.ln && (u.zp || u.ct)));
}
