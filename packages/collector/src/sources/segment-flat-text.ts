/**
 * `flatten()` of segment-fields.ts written as JSON text, for the server API's fast path
 * (segment-text.ts): a message's properties or traits as the row's `attributes` or `traits` members
 * (`"a":1,"b.c":"x"`), without the flattened object flatten() makes and JSON.stringify reads again.
 * Where that object's key order or contents would differ from reading order (an index-like key
 * goes first in a JavaScript object, a dotted key may collide with a nested one, `__proto__` is
 * dropped) it declines (null), and the message takes the general path.
 */
import { isObj } from './segment-fields';
import { flat, inner } from './segment-quote';

/** flatten()'s depth: deeper objects are kept as their JSON text */
const FLATTEN_DEPTH = 4;
const q = JSON.stringify;

/** A key the general path's object would place or keep otherwise than in reading order. */
const awkward = (k: string): boolean => {
  const c = k.charCodeAt(0);
  return (c >= 48 && c <= 57) || k.includes('.') || k === '__proto__';
};

/**
 * A member's key as the texts that go before its value: `"key":`, and with the comma before it
 * and the quote of a string value after it, each one flat string (a member is then two or three
 * pieces of the row's text, not five or six: each piece costs its flattening when the spool writes it).
 */
interface KeyText {
  bare: string;
  comma: string;
  open: string;
  commaOpen: string;
}
function keyTextOf(name: string): KeyText {
  const k = q(name);
  return { bare: flat(`${k}:`), comma: flat(`,${k}:`), open: flat(`${k}:"`), commaOpen: flat(`,${k}:"`) };
}

/**
 * the texts of the top-level keys seen (JSON.parse's keys are internalized: the lookup hashes
 * nothing new): at most KEY_TEXT_MAX keys, none longer than KEY_CACHED_MAX characters (each kept
 * four times over: a longer one's texts are made for its member only)
 */
const KEY_TEXT = new Map<string, KeyText>();
const KEY_TEXT_MAX = 4096;
const KEY_CACHED_MAX = 256;
function keyText(k: string): KeyText {
  let t = KEY_TEXT.get(k);
  if (t === undefined) {
    if (k.length > KEY_CACHED_MAX) return keyTextOf(k);
    if (KEY_TEXT.size >= KEY_TEXT_MAX) KEY_TEXT.clear();
    KEY_TEXT.set(k, (t = keyTextOf(k)));
  }
  return t;
}

/** the texts of the nested keys seen (`"prefix.key":`), by prefix then key (the same few paths in every message) */
const DOTTED_TEXT = new Map<string, Map<string, KeyText>>();
let dottedCount = 0;
function dottedText(prefix: string, k: string): KeyText {
  let byKey = DOTTED_TEXT.get(prefix);
  let t = byKey?.get(k);
  if (t !== undefined) return t;
  if (prefix.length + k.length >= KEY_CACHED_MAX) return keyTextOf(`${prefix}.${k}`);
  if (++dottedCount > KEY_TEXT_MAX) {
    DOTTED_TEXT.clear();
    dottedCount = 1;
    byKey = undefined;
  }
  if (byKey === undefined) DOTTED_TEXT.set(prefix, (byKey = new Map()));
  byKey.set(k, (t = keyTextOf(`${prefix}.${k}`)));
  return t;
}

/** the walk's state, one at a time (the walk is synchronous) */
const state = { text: '', n: 0, max: 0, nulls: false, ok: true, skip: null as ReadonlySet<string> | null, extra: null as (string | undefined)[] | null };

function walk(o: Record<string, unknown>, prefix: string, depth: number): void {
  const s = state;
  for (const k in o) {
    if (!s.ok) return;
    if (!Object.prototype.hasOwnProperty.call(o, k) || (depth === 0 && s.skip !== null && s.skip.has(k))) continue;
    if (awkward(k)) {
      s.ok = false;
      return;
    }
    let v = o[k];
    if (depth === 0 && s.extra !== null) {
      // extra() assigns over a member flatten() wrote: its place, the call's value
      for (let i = 0; i < s.extra.length; i += 2) {
        if (s.extra[i] === k && s.extra[i + 1] !== undefined && !(v === null || v === undefined || isObj(v))) {
          v = s.extra[i + 1];
          s.extra[i + 1] = undefined;
        }
      }
    }
    let t: string;
    if (v === null || v === undefined) {
      if (!(s.nulls && v === null)) continue;
      t = 'null';
    } else if (typeof v === 'string') {
      const key = prefix ? dottedText(prefix, k) : keyText(k);
      s.text += (s.n ? key.commaOpen : key.open) + inner(v) + '"';
      if (++s.n > s.max) s.ok = false;
      continue;
    } else if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      t = String(v);
    } else if (isObj(v) && depth < FLATTEN_DEPTH) {
      walk(v, prefix ? `${prefix}.${k}` : k, depth + 1);
      continue;
    } else {
      t = q(q(v) ?? String(v));
    }
    const key = prefix ? dottedText(prefix, k) : keyText(k);
    s.text += (s.n ? key.comma : key.bare) + t;
    if (++s.n > s.max) s.ok = false;
  }
}

/**
 * flatten(value, nulls, skip) as text, then `extra` (`[key, value, …]`: the page, screen, group and
 * alias calls' own strings) where extra() of segment.ts puts them; `n` its members. Null where the
 * general path's object would differ from reading order, or over `max` members.
 */
export function flatText(value: Record<string, unknown> | undefined, nulls: boolean, skip: ReadonlySet<string> | null, extra: (string | undefined)[] | null, max: number): { text: string; n: number } | null {
  const s = state;
  s.text = '';
  s.n = 0;
  s.max = max;
  s.nulls = nulls;
  s.ok = true;
  s.skip = skip;
  s.extra = extra;
  if (value) walk(value, '', 0);
  if (extra) {
    for (let i = 0; i < extra.length; i += 2) {
      const v = extra[i + 1];
      if (v === undefined) continue;
      const key = keyText(extra[i]!);
      s.text += (s.n ? key.commaOpen : key.open) + inner(v) + '"';
      if (++s.n > max) s.ok = false;
    }
  }
  const out = s.ok ? { text: s.text, n: s.n } : null;
  s.text = '';
  s.extra = null;
  s.skip = null;
  return out;
}
