/**
 * SOURCES_FILE (contract §10): a JSON array of `{ "id", "kind", "site", …secret }`, checked whole
 * before any of it is used. Every problem is named by its entry and field
 * (`sources[2] (id "shop-orders"): kind must be one of …`), all of them at once, and no message
 * ever quotes a secret: a bad write key is described, never shown. The secret's field depends on
 * the kind: `write_key` (server), `secret` (shopify, stripe, mailgun: the signing key; mailchimp: the
 * URL secret), `public_key` (sendgrid: base64 DER or PEM); `import` has none.
 *
 * Written once here (`@actionlake/schema/node`): the collector's registry reads the file with it, and
 * `actionlake import` finds its `import` source with it, so both sides agree on what a source is.
 */
import { createPublicKey } from 'node:crypto';
import { SITE_ID_PATTERN, type SourceKind } from '../index';

/** One entry of SOURCES_FILE. The secret field depends on the kind; it never reaches the lake, logs or /metrics. */
export interface Source {
  /** `^[a-z0-9][a-z0-9_-]{0,63}$`, the `:source` of /v1/hooks/:source and `origin.source_id` */
  id: string;
  kind: SourceKind;
  /** the site whose partitions its rows land in */
  site: string;
  /** server: the write key (HTTP Basic `KEY:` or `writeKey` in the body) */
  write_key?: string;
  /** shopify, stripe, mailgun: the vendor's signing key; mailchimp: the secret in the URL */
  secret?: string;
  /** sendgrid: the verification key as SendGrid shows it (base64 DER or PEM) */
  public_key?: string;
  /**
   * stripe, sendgrid, mailgun: how far (seconds) the vendor's signed timestamp may be from the
   * collector's clock, either way; unset, each vendor's default (Stripe 300, SendGrid 172800,
   * Mailgun 86400: the collector's sources/vendors/*.ts)
   */
  tolerance_seconds?: number;
}

/** `^[a-z0-9][a-z0-9_-]{0,63}$`: the `:source` of /v1/hooks/:source and `origin.source_id` */
export const SOURCE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

type SecretField = 'write_key' | 'secret' | 'public_key';

/** Each kind and the one secret field it takes (null: none). */
export const SECRET_FIELD: Readonly<Record<SourceKind, SecretField | null>> = {
  server: 'write_key',
  sendgrid: 'public_key',
  mailgun: 'secret',
  mailchimp: 'secret',
  shopify: 'secret',
  stripe: 'secret',
  import: null,
};
export const SOURCE_KINDS = Object.keys(SECRET_FIELD) as SourceKind[];

const FIELDS = new Set(['id', 'kind', 'site', 'write_key', 'secret', 'public_key', 'description', 'tolerance_seconds']);
/** the kinds whose signature carries a timestamp, and the widest window `tolerance_seconds` may set (a week) */
const TIMESTAMPED: ReadonlySet<SourceKind> = new Set(['stripe', 'sendgrid', 'mailgun']);
const TOLERANCE_MAX_SECONDS = 7 * 86_400;
const SECRET_FIELDS: SecretField[] = ['write_key', 'secret', 'public_key'];
/** shortest secret taken: a guessable key would let anyone write rows */
export const SECRET_MIN_LENGTH = 8;
const SECRET_MAX_LENGTH = 4096;
/** printable ASCII without space or `:` (it travels as HTTP Basic `KEY:`) */
const WRITE_KEY = /^[\x21-\x39\x3b-\x7e]+$/;
const MAX_ERRORS = 20;

export class SourcesFileError extends Error {}

const quote = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);
};

/** Why a secret value is refused, without quoting it; null when it is fine. */
function secretProblem(field: SecretField, value: unknown): string | null {
  if (typeof value !== 'string') return `${field} must be a string`;
  if (value.length < SECRET_MIN_LENGTH || value.length > SECRET_MAX_LENGTH) {
    return `${field} must be ${SECRET_MIN_LENGTH} to ${SECRET_MAX_LENGTH} characters long (it has ${value.length})`;
  }
  if (field === 'write_key' && !WRITE_KEY.test(value)) return 'write_key must be printable ASCII without spaces or ":" (it is sent as HTTP Basic "KEY:")';
  if (field === 'public_key') {
    const pem = value.includes('-----BEGIN');
    try {
      const key = pem ? createPublicKey(value) : createPublicKey({ key: Buffer.from(value.trim(), 'base64'), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType !== 'ec') return `public_key must be an ECDSA (P-256) key, as SendGrid shows it; this is ${key.asymmetricKeyType}`;
    } catch {
      return 'public_key is not a public key: paste the verification key as SendGrid shows it (base64 DER) or as PEM';
    }
  } else if (value.trim() !== value) {
    return `${field} must not begin or end with white space`;
  }
  return null;
}

/** The problems of one entry (empty: it is a source). */
function entryProblems(v: unknown, sites: ReadonlySet<string> | null): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return ['must be an object {"id", "kind", "site", …secret}'];
  const e = v as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(e)) if (!FIELDS.has(key)) problems.push(`unknown field ${quote(key)} (fields: ${[...FIELDS].join(', ')})`);
  if (typeof e.id !== 'string' || !SOURCE_ID_PATTERN.test(e.id)) problems.push(`id must match ${SOURCE_ID_PATTERN.source}, got ${quote(e.id)}`);
  if (typeof e.site !== 'string' || !SITE_ID_PATTERN.test(e.site)) problems.push(`site must be a site id (${SITE_ID_PATTERN.source}), got ${quote(e.site)}`);
  else if (sites && !sites.has(e.site)) problems.push(`site ${quote(e.site)} is not in SITES`);
  if (e.description !== undefined && typeof e.description !== 'string') problems.push('description must be a string');
  if (typeof e.kind !== 'string' || !(SOURCE_KINDS as string[]).includes(e.kind)) {
    problems.push(`kind must be one of ${SOURCE_KINDS.join(', ')}, got ${quote(e.kind)}`);
    return problems;
  }
  const kind = e.kind as SourceKind;
  if (e.tolerance_seconds !== undefined) {
    const t = e.tolerance_seconds;
    if (!TIMESTAMPED.has(kind)) problems.push(`tolerance_seconds is not used by a ${kind} source (only ${[...TIMESTAMPED].join(', ')} sign a timestamp)`);
    else if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > TOLERANCE_MAX_SECONDS) problems.push(`tolerance_seconds must be an integer from 1 to ${TOLERANCE_MAX_SECONDS}, got ${quote(t)}`);
  }
  const wanted = SECRET_FIELD[kind];
  for (const field of SECRET_FIELDS) {
    if (field === wanted) {
      if (e[field] === undefined) problems.push(`${field} is missing (a ${kind} source's secret)`);
      else {
        const p = secretProblem(field, e[field]);
        if (p) problems.push(p);
      }
    } else if (e[field] !== undefined) {
      problems.push(wanted ? `${field} is not used by a ${kind} source (its secret is ${wanted})` : `${field} is not used by an ${kind} source (it has no secret)`);
    }
  }
  return problems;
}

/** Where a JSON.parse error is, as "line L, column C": V8's own message may quote the text (and a secret in it). */
function parseErrorPlace(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return /end of JSON/.test(err.message) ? 'the text ends too early, or is empty' : 'an unexpected character';
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return `at line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}

/**
 * The sources a file declares, or a SourcesFileError naming every problem (at most 20). `sites`:
 * SITES, when set (a source's site must be one of them).
 */
export function parseSources(text: string, file: string, sites: ReadonlySet<string> | null = null): Source[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SourcesFileError(`SOURCES_FILE ${file} is not valid JSON (${parseErrorPlace(text, err as Error)})`);
  }
  if (!Array.isArray(value)) throw new SourcesFileError(`SOURCES_FILE ${file} must be a JSON array of sources [{"id", "kind", "site", …secret}, …]`);
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const keys = new Map<string, number>();
  value.forEach((entry: unknown, i) => {
    const id = (entry as { id?: unknown } | null)?.id;
    const name = typeof id === 'string' && SOURCE_ID_PATTERN.test(id) ? `sources[${i}] (id "${id}")` : `sources[${i}]`;
    const own = entryProblems(entry, sites);
    if (typeof id === 'string') {
      const first = ids.get(id);
      if (first !== undefined) own.push(`id ${quote(id)} is already the id of sources[${first}]`);
      else ids.set(id, i);
    }
    const key = (entry as { kind?: unknown; write_key?: unknown } | null)?.write_key;
    if (typeof key === 'string' && (entry as { kind?: unknown }).kind === 'server') {
      const first = keys.get(key);
      if (first !== undefined) own.push(`write_key is the same as sources[${first}]'s: each server source needs its own`);
      else keys.set(key, i);
    }
    for (const p of own) problems.push(`${name}: ${p}`);
  });
  if (problems.length) {
    const shown = problems.slice(0, MAX_ERRORS);
    if (problems.length > MAX_ERRORS) shown.push(`and ${problems.length - MAX_ERRORS} more`);
    throw new SourcesFileError(`SOURCES_FILE ${file}: ${shown.join('; ')}`);
  }
  return (value as Record<string, unknown>[]).map((e) => {
    const s: Source = { id: e.id as string, kind: e.kind as SourceKind, site: e.site as string };
    for (const field of SECRET_FIELDS) if (typeof e[field] === 'string') s[field] = e[field] as string;
    if (typeof e.tolerance_seconds === 'number') s.tolerance_seconds = e.tolerance_seconds;
    return s;
  });
}
