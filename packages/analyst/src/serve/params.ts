/**
 * The query string of an /api request, checked before anything runs: each endpoint names the
 * parameters it takes (any other is a 400 naming them, like the CLI's door), and each value is
 * checked against an allow-list or a pattern — site (one of the lake's sites), dates (real
 * YYYY-MM-DD days, from ≤ to, at most ACTIONLAKE_SERVE_MAX_DAYS apart), a choice (one of its
 * values), text (a length limit, no control characters). Values reach SQL as bound parameters;
 * names (a column to group by, a model) only ever come from these allow-lists.
 */
import { SITE_ID_PATTERN } from '@actionlake/schema';

export class BadRequest extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
    this.name = 'BadRequest';
  }
}

/** Days, inclusive, UTC. */
export interface Range {
  from: string;
  to: string;
}

/** What an endpoint's extra parameter may be. */
export type ParamSpec =
  | { kind: 'choice'; values: readonly string[]; default: string }
  /** free text up to `max` characters; `many`: the parameter may repeat (up to `maxCount`) */
  | { kind: 'text'; max: number; required?: boolean; many?: boolean; maxCount?: number }
  | { kind: 'int'; min: number; max: number; default: number };

/** Every endpoint's: the site, the days, and the period compared with (`previous` or `none`). */
export const COMMON = ['site', 'from', 'to', 'compare'] as const;
export const COMPARE = ['previous', 'none'] as const;

export interface Parsed {
  site: string;
  range: Range;
  /** the period of the same length just before `range`; null with compare=none */
  previous: Range | null;
  /** the endpoint's own parameters: a string, a number, or a list for `many` */
  values: Record<string, string | number | string[] | undefined>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function isDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The period of the same number of days that ends the day before `r` starts. */
export function previousOf(r: Range): Range {
  const n = daysBetween(r.from, r.to) + 1;
  return { from: addDays(r.from, -n), to: addDays(r.from, -1) };
}

export interface ParseOptions {
  /** the lake's sites (with tables) */
  sites: string[];
  /** the endpoint's own parameters */
  specs: Record<string, ParamSpec>;
  maxDays: number;
}

/** Checks the whole query string of one endpoint; throws BadRequest (400) naming what is wrong. */
export function parseQuery(q: URLSearchParams, o: ParseOptions): Parsed {
  const known = [...COMMON, ...Object.keys(o.specs)];
  for (const name of new Set(q.keys())) {
    if (!known.includes(name)) throw new BadRequest(`unknown parameter "${clip(name)}"; this endpoint takes ${known.join(', ')}`);
    if (q.getAll(name).length > 1 && !(o.specs[name]?.kind === 'text' && (o.specs[name] as { many?: boolean }).many)) {
      throw new BadRequest(`parameter "${name}" is given more than once`);
    }
  }
  const site = q.get('site') ?? '';
  if (!SITE_ID_PATTERN.test(site)) throw new BadRequest(`site must be a site id (${SITE_ID_PATTERN.source}), got "${clip(site)}"`);
  if (!o.sites.includes(site)) throw new BadRequest(`unknown site "${site}": the lake has tables for ${o.sites.join(', ') || 'no site yet (run actionlake build)'}`, 404);
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  for (const [name, v] of [['from', from], ['to', to]]) if (!isDay(v)) throw new BadRequest(`${name} must be a day YYYY-MM-DD, got "${clip(v)}"`);
  if (from > to) throw new BadRequest(`from ${from} is after to ${to}`);
  if (daysBetween(from, to) + 1 > o.maxDays) throw new BadRequest(`the range has ${daysBetween(from, to) + 1} days, more than ${o.maxDays} (ACTIONLAKE_SERVE_MAX_DAYS)`);
  const compare = choice(q, 'compare', { values: COMPARE, default: 'previous' });
  const range = { from, to };
  const values: Parsed['values'] = {};
  for (const [name, spec] of Object.entries(o.specs)) values[name] = param(q, name, spec);
  return { site, range, previous: compare === 'none' ? null : previousOf(range), values };
}

function param(q: URLSearchParams, name: string, spec: ParamSpec): string | number | string[] | undefined {
  if (spec.kind === 'choice') return choice(q, name, spec);
  if (spec.kind === 'int') {
    const raw = q.get(name);
    if (raw === null) return spec.default;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < spec.min || n > spec.max) throw new BadRequest(`${name} must be a whole number from ${spec.min} to ${spec.max}, got "${clip(raw)}"`);
    return n;
  }
  const all = q.getAll(name);
  if (!all.length && spec.required) throw new BadRequest(`${name} is required`);
  if (spec.many && all.length > (spec.maxCount ?? Infinity)) throw new BadRequest(`at most ${spec.maxCount} ${name} values, got ${all.length}`);
  for (const v of all) {
    if (v.length > spec.max) throw new BadRequest(`${name} is longer than ${spec.max} characters`);
    if (CONTROL.test(v)) throw new BadRequest(`${name} contains a control character`);
    if (spec.required && !v.trim()) throw new BadRequest(`${name} is empty`);
  }
  return spec.many ? all : all[0];
}

function choice(q: URLSearchParams, name: string, spec: { values: readonly string[]; default: string }): string {
  const v = q.get(name) ?? spec.default;
  if (!spec.values.includes(v)) throw new BadRequest(`${name} must be one of ${spec.values.join(', ')}, got "${clip(v)}"`);
  return v;
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
