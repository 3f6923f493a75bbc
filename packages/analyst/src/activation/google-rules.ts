/**
 * Google's rules for user-provided data (Customer Match lists, enhanced conversions), applied
 * before SHA-256. The source of every rule is the URL beside it; where Google's pages differ, the
 * newest one wins: the Data Manager API's "Format user data"
 * (https://developers.google.com/data-manager/api/devguides/concepts/formatting), which the Google
 * Ads API's Customer Match and enhanced-conversions guides follow.
 */
import type { Identity } from './identifiers';
import { countryCode, e164 } from './phone-country';
import { sha256Hex } from './sha256';

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * Email (Data Manager "Format user data", email_address): lower case; leading, trailing and
 * intermediate whitespace removed; for gmail.com and googlemail.com every `.` before the `@`
 * removed, and a `+` in the local part removed with all that follows it
 * ("cloudy.sanfrancisco+shopping@gmail.com → cloudysanfrancisco@gmail.com"); other domains keep
 * their dots and plus signs ("user.name+NYC@Example.com → user.name+nyc@example.com"). The Gmail
 * dot rule is also the Customer Match and Campaign Manager 360 rule
 * (https://developers.google.com/doubleclick-advertisers/guides/conversions_ec).
 */
export function googleEmail(raw: string | null): string | null {
  if (!raw) return null;
  const email = raw.replace(/\s+/g, '').toLowerCase();
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  const domain = email.slice(at + 1);
  if (!GMAIL.has(domain)) return email;
  const local = email.slice(0, at).split('+')[0].replace(/\./g, '');
  return local ? `${local}@${domain}` : null;
}

/** Phone (Data Manager, phone_number): E.164 with the plus sign and country code, "(800)555-0100" → "+18005550100". */
export function googlePhone(raw: string | null, regions: (string | null | undefined)[]): string | null {
  return e164(raw, regions);
}

/** prefixes and suffixes Google says to leave out of names ("Don't include prefixes such as Mrs.", "suffixes such as Jr.") */
const NAME_PREFIX = /^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+/;
const NAME_SUFFIX = /,?\s+(?:jr|sr|ii|iii|iv)\.?$/;

/** Given and family name (Data Manager, AddressInfo given_name / family_name): lower case, trimmed, no title or suffix. */
export function googleName(raw: string | null): string | null {
  if (!raw) return null;
  const name = raw.trim().toLowerCase().replace(NAME_PREFIX, '').replace(NAME_SUFFIX, '').trim();
  return name || null;
}

/** Country (Data Manager, region_code): ISO-3166-1 alpha-2, not hashed. */
export function googleCountry(raw: string | null): string | null {
  return countryCode(raw);
}

/**
 * Zip (Data Manager, postal_code; not hashed): US: 5 digits, or 5 + 4 ("Using the 4-digit extension
 * may improve your match rate"); every other country: the code without an extension, trimmed.
 */
export function googleZip(raw: string | null, country: string | null): string | null {
  if (!raw) return null;
  const zip = raw.trim();
  if (country === 'US') {
    const m = /^(\d{5})(?:[\s-]?(\d{4}))?$/.exec(zip);
    return m ? (m[2] ? `${m[1]}-${m[2]}` : m[1]) : null;
  }
  return zip || null;
}

/** One person's row of a Customer Match list: hashed email, phone, names; country and zip in clear. */
export interface GoogleMatchRow {
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  country: string | null;
  zip: string | null;
}

/** The identifiers as Google wants them; `regions`: where to read a phone in national format. */
export function googleIdentifiers(id: Identity, regions: (string | null | undefined)[], defaultCountry: string | null): GoogleMatchRow {
  const country = googleCountry(id.country) ?? googleCountry(defaultCountry);
  const hash = (v: string | null) => (v === null ? null : sha256Hex(v));
  const first = googleName(id.firstName);
  const last = googleName(id.lastName);
  const zip = googleZip(id.zip, country);
  // address matching needs all four of first name, last name, country and zip
  // (https://support.google.com/google-ads/answer/7659867): a part of an address is left out
  const address = first !== null && last !== null && country !== null && zip !== null;
  return {
    email: hash(googleEmail(id.email)),
    phone: hash(googlePhone(id.phone, [id.country, ...regions])),
    firstName: address ? hash(first) : null,
    lastName: address ? hash(last) : null,
    country: address ? country : null,
    zip: address ? zip : null,
  };
}
