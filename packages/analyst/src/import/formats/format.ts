/**
 * What a `--format` is: the columns its header must name, and a function from one CSV record to
 * the SourceEvent it stands for (or the reason the line is bad). Each format is one module here;
 * ./index.ts lists them. Columns are found by name (case and surrounding spaces ignored), so their
 * order is free; a missing required column is an error naming it, before any row is read.
 */
import crypto from 'node:crypto';
import { normalizeEmail, type SourceEvent } from '@actionlake/schema/node';
import { UserError } from '../../ground/errors';
import type { Zone } from '../zone-time';

/** what the file says before its header (Google's `Parameters:TimeZone=` row) */
export interface Parameters {
  timeZone: Zone | null;
}

/** One line's SourceEvent, or why the line is skipped. */
export type LineResult = SourceEvent | { error: string };

export interface ImportFormat {
  name: string;
  /** one line for --help and the README */
  describe: string;
  /** checks the header and returns the line mapper; `fileTime`: the file's modification time (ISO) */
  begin(header: Header, params: Parameters, fileTime: string): (fields: string[]) => LineResult;
}

/** the most attribute or trait columns a file may have (the lake row's limit: 100 properties) */
export const MAX_EXTRA_COLUMNS = 100;
/** the longest action name (the lake row's limit) */
export const MAX_ACTION_LENGTH = 200;
/** the longest user id (the lake row's limit) */
export const MAX_USER_ID_LENGTH = 256;

const norm = (name: string) => name.trim().toLowerCase();

/** A header row: where each column is. */
export class Header {
  private readonly index = new Map<string, number>();

  constructor(readonly names: string[], private readonly format: string) {
    names.forEach((n, i) => {
      if (n.trim() !== '' && !this.index.has(norm(n))) this.index.set(norm(n), i);
    });
  }

  /** the column's position, or -1 */
  find(name: string): number {
    return this.index.get(norm(name)) ?? -1;
  }

  /** the column's position; a UserError naming it when the header has none */
  need(name: string): number {
    const i = this.find(name);
    if (i < 0) throw new UserError(`--format ${this.format}: the header has no "${name}" column (its columns: ${this.names.filter((n) => n.trim()).join(', ') || 'none'})`);
    return i;
  }

  /** the columns that are none of `known`, as [name, position]; an error over MAX_EXTRA_COLUMNS */
  others(known: string[]): [string, number][] {
    const k = new Set(known.map(norm));
    const out: [string, number][] = [];
    this.names.forEach((n, i) => {
      if (n.trim() !== '' && !k.has(norm(n)) && this.index.get(norm(n)) === i) out.push([n.trim(), i]);
    });
    if (out.length > MAX_EXTRA_COLUMNS) throw new UserError(`--format ${this.format}: ${out.length} extra columns; a row holds at most ${MAX_EXTRA_COLUMNS} (the lake row's limit)`);
    return out;
  }
}

/** The value of a column (trimmed; '' when the line is shorter or the column is absent). */
export const cell = (fields: string[], i: number): string => (i >= 0 && i < fields.length ? fields[i].trim() : '');

/** A time of the events format: ISO-8601 with its zone (`2026-09-15T14:30:00Z`, `…+02:00`). */
const ISO = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

export function isoTime(text: string, column: string): { iso: string } | { error: string } {
  const ms = ISO.test(text) ? Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
  if (Number.isNaN(ms)) return { error: `${column} "${text.slice(0, 80)}" is not an ISO-8601 time with its zone (2026-09-15T14:30:00Z)` };
  return { iso: new Date(ms).toISOString() };
}

/** `crypto.hash` (Node 20.12+): one call instead of createHash().update().digest() per line */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** A line key made of the line's own values: 32 hex digits of their SHA-256. */
export function lineKey(text: string): string {
  return (oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex')).slice(0, 32);
}

/** A line's person: its address (as written, and normalized) and user id; at least one of them, or why the line is bad. */
export function personOf(fields: string[], email: number, userId: number): { rawEmail: string; address: string | null; user: string } | { error: string } {
  const rawEmail = cell(fields, email);
  const address = rawEmail ? normalizeEmail(rawEmail) : null;
  if (rawEmail && !address) return { error: `email "${rawEmail.slice(0, 80)}" is not an address` };
  const user = cell(fields, userId);
  if (!address && !user) return { error: 'neither email nor user_id is filled' };
  if (user.length > MAX_USER_ID_LENGTH) return { error: `user_id is ${user.length} characters; the limit is ${MAX_USER_ID_LENGTH}` };
  return { rawEmail, address, user };
}
