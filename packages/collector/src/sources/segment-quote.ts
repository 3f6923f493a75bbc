/**
 * A message's strings as JSON text, for the server API's fast path (segment-text.ts and its page,
 * flat and products writers). JSON.stringify of a string is a call per value, about twenty per
 * message; but a string parsed from JSON text that holds no backslash cannot hold anything
 * JSON.stringify escapes (`"` and `\` need an escape to be in the text, a raw control character
 * does not parse, and UTF-8 text cannot carry a lone surrogate). For a message whose bytes hold no
 * backslash (`plain`, set by the caller for each message) its strings are written between quotes
 * as they are; any other message's are stringified as before. Strings that did not come from the
 * message's text (a URL's decoded tags, a value stringified twice) keep JSON.stringify.
 */

let plain = false;

/** Whether the strings of the message being written came from text without a backslash. */
export function setPlain(p: boolean): void {
  plain = p;
}

/** JSON text of `v`, a string of the message being written. */
export const quoted = (v: string): string => (plain ? `"${v}"` : JSON.stringify(v));

/**
 * JSON text of `v` without its quotes, for a writer whose constant texts around it hold them: each
 * piece of a row's text costs its flattening (~25 ns) when the spool writes it, and a string
 * between two constants is then one piece, not three.
 */
export const inner = (v: string): string => (plain ? v : JSON.stringify(v).slice(1, -1));

/**
 * `s` as one flat string, for a text made once and joined into many rows: a template literal is a
 * rope of its pieces, and a rope joined into another is walked piece by piece each time the outer
 * one is flattened, however often it was flattened before.
 */
export const flat = (s: string): string => JSON.parse(JSON.stringify(s)) as string;
