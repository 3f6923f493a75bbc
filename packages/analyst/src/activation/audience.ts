/**
 * An audience: the persons of a segment as an ad platform's customer-list file, each identifier
 * normalized and hashed by that platform's rules (./google-rules.ts, ./meta-rules.ts).
 *
 * Rows in, file out: `audienceFile(persons, format)` takes the persons as `audienceRows` reads them
 * (or as the dashboard's Segments view has them) and returns the CSV text and the counts. A person
 * is never left out silently: those without any identifier the platform matches on, and those
 * whose latest consent state is `denied` (contract §8), are counted and reported.
 *
 * - Google Customer Match (https://support.google.com/google-ads/answer/7659867): the headers
 *   `Email,Phone,First Name,Last Name,Country,Zip` in English, hashed email, phone and names;
 *   Country and Zip in clear; an address only with all four of its parts.
 * - Meta customer list (https://www.facebook.com/business/help/2082575038703844, "Customer list
 *   formatting guidelines"): Meta's identifier headers `email,phone,fn,ln,ct,st,zip,country`,
 *   every value hashed (Meta hashes zip and country too).
 */
import type { Context } from '../ground/context';
import { csvLine } from '../ground/output/csv';
import { profilesWhere } from '../report/segment';
import { googleIdentifiers } from './google-rules';
import { identityOf } from './identifiers';
import { metaIdentifiers } from './meta-rules';

export const AUDIENCE_FORMATS = ['google-customer-match', 'meta-custom-audience'] as const;
export type AudienceFormat = (typeof AUDIENCE_FORMATS)[number];

/** One person of the segment, with what the platforms match on (profiles columns). */
export interface AudiencePerson {
  person_id: string;
  user_id?: string | null;
  /** profiles.traits: the latest identify traits (JSON text or object) */
  traits: unknown;
  /** profiles.countries: where the person's sessions came from (a phone's region when nothing else says) */
  countries?: string[] | null;
  /** profiles.consent.state */
  consent_state?: string | null;
}

export interface AudienceOptions {
  /** the region of phones in national format when the person's traits name no country (ISO code or name) */
  country?: string;
}

export interface AudienceResult {
  csv: string;
  /** persons in the segment */
  persons: number;
  /** rows written */
  written: number;
  /** persons without any identifier the platform matches on */
  noIdentifier: number;
  /** persons whose latest consent state is denied */
  consentDenied: number;
}

const HEADERS: Record<AudienceFormat, string[]> = {
  'google-customer-match': ['Email', 'Phone', 'First Name', 'Last Name', 'Country', 'Zip'],
  'meta-custom-audience': ['email', 'phone', 'fn', 'ln', 'ct', 'st', 'zip', 'country'],
};

/** The regions to read a national phone number in: --country, then the person's only session country. */
function regions(p: AudiencePerson, o: AudienceOptions): (string | null | undefined)[] {
  const seen = (p.countries ?? []).filter(Boolean);
  return [o.country, seen.length === 1 ? seen[0] : null];
}

/** The row of one person, or null when nothing in it can be matched. */
function personRow(p: AudiencePerson, format: AudienceFormat, o: AudienceOptions): (string | null)[] | null {
  const id = identityOf(p.traits);
  if (format === 'google-customer-match') {
    const g = googleIdentifiers(id, regions(p, o), o.country ?? null);
    if (!g.email && !g.phone && !g.firstName) return null;
    return [g.email, g.phone, g.firstName, g.lastName, g.country, g.zip];
  }
  const m = metaIdentifiers(id, regions(p, o), o.country ?? null, null);
  const matchable = m.em || m.ph || (m.fn && m.ln && (m.zp || m.ct || m.country));
  if (!matchable) return null;
  return [m.em, m.ph, m.fn, m.ln, m.ct, m.st, m.zp, m.country].map((v) => v ?? null);
}

export function audienceFile(persons: AudiencePerson[], format: AudienceFormat, o: AudienceOptions = {}): AudienceResult {
  let csv = csvLine(HEADERS[format]);
  let written = 0;
  let noIdentifier = 0;
  let consentDenied = 0;
  for (const p of persons) {
    if (p.consent_state === 'denied') {
      consentDenied++;
      continue;
    }
    const row = personRow(p, format, o);
    if (!row) {
      noIdentifier++;
      continue;
    }
    csv += csvLine(row);
    written++;
  }
  return { csv, persons: persons.length, written, noIdentifier, consentDenied };
}

/** "3 of 5 persons written; 1 without an identifier Google matches on, 1 left out (consent denied)" */
export function audienceSummary(r: AudienceResult, format: AudienceFormat): string {
  const platform = format === 'google-customer-match' ? 'Google' : 'Meta';
  const parts = [`${r.written} of ${r.persons} person${r.persons === 1 ? '' : 's'} written`];
  if (r.noIdentifier) parts.push(`${r.noIdentifier} without an identifier ${platform} matches on (email, phone, or name + address in the traits)`);
  if (r.consentDenied) parts.push(`${r.consentDenied} left out: consent denied`);
  return parts.join('; ');
}

/** The persons matching `where` with what the platforms match on. */
export function audienceSelect(where: string): string {
  return `SELECT site_id, person_id, user_id, CAST(traits AS VARCHAR) AS traits, countries, consent AS consent_state
          FROM profiles WHERE (${where}) ORDER BY site_id, person_id`;
}

/** The persons of a segment (a clear error naming the columns of profiles when `where` is not valid SQL). */
export function audienceRows(ctx: Pick<Context, 'duck'>, where: string): Promise<AudiencePerson[]> {
  return profilesWhere<AudiencePerson>(ctx, audienceSelect(where), 'audience');
}
