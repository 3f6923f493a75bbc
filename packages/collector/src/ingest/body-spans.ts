/**
 * Where a batch body's events (and its `common` object) are in the body's UTF-8 bytes, found in one
 * pass without building anything: what lets a lake row be written from the bytes the page sent
 * instead of a JSON.stringify of the parsed event (event-texts.ts decides when that is allowed).
 *
 * Only the top level is interpreted: the members `"events"` (an array; or another name given, as the
 * server API's `"batch"`) and `"common"` (an object).
 * For each object in that array, and for `common`, a span records its byte range, how many colons
 * it holds outside strings (one per member of every object inside it) and whether it holds
 * whitespace outside strings (a tab or a newline would break the spool's line format); and whether
 * any string holds an escaped surrogate (its text cannot be used as is). JSON
 * structure is ASCII, and no byte of a multi-byte UTF-8 character is ASCII, so bytes suffice.
 * Linear in the body; null for anything unexpected (the body is then stringified as before).
 */

export interface Span {
  /** the object's `{` */
  start: number;
  /** just after its `}` */
  end: number;
  /** colons outside strings: the members of this object and of every object in it */
  colons: number;
  /** no whitespace outside strings */
  compact: boolean;
}

export interface BodySpans {
  /** the objects of the top-level `events` array, in order (other items are not listed) */
  events: Span[];
  /** how many items that array has, objects or not */
  items: number;
  common: Span | null;
  /** a `\uD800`–`\uDFFF` escape in some string (half of a pair, or a lone surrogate) */
  surrogateEscapes: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const LOWER_U = 0x75;
const LOWER_D = 0x64;
const CASE_BIT = 0x20;

/** `\u` then `d`/`D` then 8–9, a–f or A–F: the escape of a surrogate (U+D800–U+DFFF) */
const isSurrogateEscape = (body: Uint8Array, backslash: number): boolean => {
  if (body[backslash + 1] !== LOWER_U || (body[backslash + 2] | CASE_BIT) !== LOWER_D) return false;
  const c = body[backslash + 3] | CASE_BIT;
  return c === 0x38 || c === 0x39 || (c >= 0x61 && c <= 0x66);
};

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Which top-level member a key names. */
const enum Key {
  Other,
  Events,
  Common,
}

function keyAt(body: Uint8Array, start: number, end: number, arrayKey: string): Key {
  // start is the opening quote, end the closing one; 'common' is 6 bytes
  const length = end - start - 1;
  if (length !== 6 && length !== arrayKey.length) return Key.Other;
  const text = String.fromCharCode(...body.subarray(start + 1, end));
  return text === arrayKey ? Key.Events : text === 'common' ? Key.Common : Key.Other;
}

/**
 * The spans of `body`, or null when it is not a JSON object as these bodies are. `arrayKey`: the
 * name of the top-level array whose objects are spanned (`events` for sdk.js's bodies).
 */
export function bodySpans(body: Uint8Array, arrayKey = 'events'): BodySpans | null {
  const events: Span[] = [];
  let items = 0;
  let common: Span | null = null;
  let surrogateEscapes = false;
  let seenEvents = false;
  let depth = 0;
  /** at depth 1: the next string is a key */
  let expectKey = false;
  let key = Key.Other;
  /** the top-level member whose value is being read */
  let member = Key.Other;
  /** depth of the events array's items, or of common's members (0: in neither) */
  let inner = 0;
  let span: Span | null = null;
  /** in the events array, between items: the next value starts an item */
  let itemNext = false;

  const n = body.length;
  for (let i = 0; i < n; i++) {
    const b = body[i];
    if (b === QUOTE) {
      // a string, read to its closing quote in this tighter loop (most of a body's bytes)
      const from = i++;
      while (i < n) {
        const c = body[i];
        if (c === QUOTE) break;
        if (c !== BACKSLASH) i++;
        else {
          if (!surrogateEscapes) surrogateEscapes = isSurrogateEscape(body, i);
          i += 2;
        }
      }
      if (i >= n) return null;
      if (itemNext) {
        items++;
        itemNext = false;
      }
      if (depth === 1 && expectKey) key = keyAt(body, from, i, arrayKey);
      continue;
    }
    if (isSpace(b)) {
      if (span) span.compact = false;
      continue;
    }
    if (itemNext && b !== CLOSE_ARRAY) {
      items++;
      itemNext = false;
    }
    switch (b) {
      case COLON:
        if (span) span.colons++;
        if (depth === 1) {
          if ((key === Key.Events && seenEvents) || (key === Key.Common && common)) return null; // a repeated key: JSON.parse keeps the last
          member = key;
          expectKey = false;
        }
        break;
      case COMMA:
        if (depth === 1) expectKey = true;
        else if (depth === 2 && member === Key.Events) itemNext = true;
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        depth++;
        if (depth === 1) {
          if (b !== OPEN_OBJECT) return null;
          expectKey = true;
        } else if (depth === 2 && member === Key.Events) {
          if (b !== OPEN_ARRAY) return null;
          seenEvents = true;
          inner = 3;
          itemNext = true;
        } else if (depth === 2 && member === Key.Common && b === OPEN_OBJECT) {
          inner = 2;
          span = common = { start: i, end: -1, colons: 0, compact: true };
        }
        if (depth === inner && member === Key.Events && b === OPEN_OBJECT) span = { start: i, end: -1, colons: 0, compact: true };
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth === inner && span) {
          span.end = i + 1;
          if (member === Key.Events) events.push(span);
          span = null;
          if (member === Key.Common) inner = 0;
        }
        if (depth === 2 && member === Key.Events) {
          inner = 0;
          itemNext = false;
        }
        depth--;
        if (depth < 0) return null;
        if (depth === 1) member = Key.Other;
        break;
      default:
        break;
    }
  }
  if (depth !== 0) return null;
  return { events, items, common, surrogateEscapes };
}
