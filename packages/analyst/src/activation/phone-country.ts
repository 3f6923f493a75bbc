/**
 * Phones and countries as both platforms read them, before their own rules apply.
 *
 * Phones: E.164 (`+` country code, national number: "(650)555-1212" in the US is +16505551212) by
 * libphonenumber-js (MIT; Google's libphonenumber metadata), with a default region for numbers in
 * national format: the person's country, else the --country given, else the one country the
 * person's sessions came from. A number it cannot read as a valid number of that region is no
 * identifier (sending a wrong number matches a stranger, or no one).
 *
 * Countries: ISO 3166-1 alpha-2 from a code ("us", "DE") or an English name ("United States",
 * "Germany"), the names from the runtime's ICU data (Intl.DisplayNames), so no list is kept here.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** every assigned alpha-2 code, by its English name in lower case (and by the code itself) */
let byName: Map<string, string> | null = null;

function countryNames(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      // unassigned codes have no name (fallback 'none'); EU, UN, XK-like pseudo-regions are kept out
      if (!name || ['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code)) continue;
      byName.set(code.toLowerCase(), code);
      byName.set(name.toLowerCase(), code);
    }
  }
  for (const [alias, code] of [['usa', 'US'], ['united states of america', 'US'], ['uk', 'GB'], ['great britain', 'GB'], ['england', 'GB']] as const) byName.set(alias, code);
  return byName;
}

/** "United States", "us", " DE " → "US", "DE"; null when it is no country. */
export function countryCode(raw: string | null | undefined): string | null {
  if (!raw) return null;
  return countryNames().get(raw.trim().toLowerCase().replace(/\s+/g, ' ')) ?? null;
}

/**
 * The phone in E.164 (+16505551212), or null. `regions`: the countries to read a national number
 * in, in order (the first that gives a valid number wins); a number written with + or 00 needs none.
 */
export function e164(raw: string | null | undefined, regions: (string | null | undefined)[]): string | null {
  if (!raw) return null;
  const text = raw.trim().replace(/^00/, '+');
  if (text.startsWith('+')) {
    const n = parsePhoneNumberFromString(text);
    return n?.isValid() ? n.number : null;
  }
  for (const r of regions) {
    const region = countryCode(r);
    if (!region) continue;
    const n = parsePhoneNumberFromString(text, region as CountryCode);
    if (n?.isValid()) return n.number;
  }
  return null;
}
