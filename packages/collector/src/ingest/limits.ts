/**
 * The cheap checks run on an event BEFORE schema validation, so that no event costs more than
 * linear work whatever its shape: every array and object an event holds (down to the depth the
 * schema describes) has at most EVENT_MAX_ITEMS entries, every number is finite (`1e999` parses
 * as Infinity and would be written as `null`), and at most EVENT_MAX_ERRORS reasons are kept.
 * An event failing here is not schema-validated at all: its reasons are these.
 */

export interface EventLimits {
  /** most entries of any array or object in an event (EVENT_MAX_ITEMS) */
  maxItems: number;
  /** most reasons kept per event (EVENT_MAX_ERRORS) */
  maxErrors: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { maxItems: 100, maxErrors: 20 };

/**
 * The deepest level the schema describes: event → products → product → traits → value. Anything
 * deeper is refused by the schema at its parent (a scalar was expected) without being looked into,
 * so it is not walked here either.
 */
const MAX_DEPTH = 4;
/** how much of an unexpected key a reason quotes */
const KEY_QUOTE = 64;

export function keyPath(base: string, key: string | number): string {
  if (typeof key === 'number' || /^\d+$/.test(key)) return `${base}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key) && key.length <= KEY_QUOTE) return `${base}.${key}`;
  return `${base}[${JSON.stringify(quoteKey(key))}]`;
}

export function quoteKey(key: string): string {
  return key.length > KEY_QUOTE ? `${key.slice(0, KEY_QUOTE)}…` : key;
}

/** The reasons `value` breaks the limits (empty: go on to schema validation). Linear in its size. */
export function checkLimits(value: unknown, label: string, limits: EventLimits = DEFAULT_EVENT_LIMITS): string[] {
  if (within(value, 0, limits.maxItems)) return [];
  return reasons(value, label, limits);
}

/**
 * True when `v` surely keeps the limits: one walk that builds nothing (the walk that spells out
 * reasons cost four times as much, for the events that pass, which are nearly all). It may say
 * false for what keeps them (for...in also visits inherited keys): reasons() then decides.
 */
function within(v: unknown, depth: number, maxItems: number): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return true;
  if (Array.isArray(v)) {
    if (v.length > maxItems) return false;
    for (let i = 0; i < v.length; i++) if (!within(v[i], depth + 1, maxItems)) return false;
    return true;
  }
  let n = 0;
  for (const k in v) {
    if (++n > maxItems || !within((v as Record<string, unknown>)[k], depth + 1, maxItems)) return false;
  }
  return true;
}

/** Why `value` breaks the limits, each reason with the path it applies to. */
function reasons(value: unknown, label: string, limits: EventLimits): string[] {
  const errors: string[] = [];
  let more = 0;
  // the keys leading to the value being looked at; a path is spelled out only for a reason
  const keys: (string | number)[] = [];
  const where = () => keys.reduce<string>((acc, k) => keyPath(acc, k), label);
  const report = (reason: () => string) => {
    if (errors.length < limits.maxErrors) errors.push(reason());
    else more++;
  };
  const visit = (v: unknown, depth: number): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) report(() => `${where()} must be a finite number`);
      return;
    }
    if (v === null || typeof v !== 'object' || depth >= MAX_DEPTH) return;
    if (Array.isArray(v)) {
      if (v.length > limits.maxItems) return report(() => `${where()} has ${v.length} items; the limit is ${limits.maxItems} (EVENT_MAX_ITEMS)`);
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        if (typeof item === 'string' || typeof item === 'boolean') continue;
        keys.push(i);
        visit(item, depth + 1);
        keys.pop();
      }
      return;
    }
    let n = 0;
    for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k) && ++n > limits.maxItems) break;
    if (n > limits.maxItems) {
      const count = Object.keys(v).length;
      return report(() => `${where()} has ${count} fields; the limit is ${limits.maxItems} (EVENT_MAX_ITEMS)`);
    }
    for (const k in v) {
      const item = (v as Record<string, unknown>)[k];
      if (typeof item === 'string' || typeof item === 'boolean') continue;
      keys.push(k);
      visit(item, depth + 1);
      keys.pop();
    }
  };
  visit(value, 0);
  if (more) errors.push(`and ${more} more`);
  return errors;
}

/** At most `max` reasons, the rest counted in a last one. */
export function capErrors(errors: string[], max: number): string[] {
  return errors.length <= max ? errors : [...errors.slice(0, max), `and ${errors.length - max} more`];
}
