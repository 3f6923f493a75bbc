/**
 * The page's own text of each event of a batch, for writing its lake row without JSON.stringify:
 * the row is then the event's members as they came (bytes of the body), `common`'s members, and
 * the members the enricher adds. Stringifying every row was the largest cost of a batch (a sixth
 * of the core, and most of the garbage), for text the page had already written.
 *
 * An event's text is used only where it says exactly what the parsed event says, and otherwise
 * the row is stringified as before:
 * - the body is valid UTF-8 (decoding replaces bad bytes with U+FFFD; copied bytes would not be);
 * - the event (and `common`) has no whitespace outside strings: a tab or a newline would break
 *   the spool's line format;
 * - the members in its text (and in `common`'s) are as many as the parsed, merged event has: fewer
 *   means a key repeated (JSON.parse keeps the last, a reader of the row might take the first) or
 *   one of the event's own fields overriding `common`;
 * - no string of the body holds an escaped surrogate (`surrogateEscapes`: the strings of such a
 *   body are repaired first, so the text would not say what the row says).
 * The caller also leaves out events whose event_id is not in lower case (the lake keeps ids in
 * lower case).
 */
import { isUtf8 } from 'node:buffer';
import { bodySpans, type Span } from './body-spans';

export class EventTexts {
  /** `common`'s members (the same text in every row of the body), and how many members that text holds */
  private readonly commonText: Buffer | null;
  private readonly commonColons: number;

  private constructor(
    private readonly body: Buffer,
    private readonly spans: Span[],
    common: Span | null,
    /** some string of the body holds a `\uD800`–`\uDFFF` escape */
    readonly surrogateEscapes: boolean,
  ) {
    this.commonText = common && body.subarray(common.start + 1, common.end - 1);
    this.commonColons = common ? common.colons : 0;
  }

  /** The texts of a body whose parsed `events` has `count` items, or null when they cannot be used. */
  static of(body: Buffer, count: number): EventTexts | null {
    if (!isUtf8(body)) return null;
    const found = bodySpans(body);
    // every item an object, and the body's events the parsed ones
    if (!found || found.items !== count || found.events.length !== count) return null;
    if (found.common && !found.common.compact) return null;
    return new EventTexts(body, found.events, found.common, found.surrogateEscapes);
  }

  /**
   * The members of the row of event `index`, parsed (and merged with `common`) as `event`: the
   * event's own, then `common`'s when the body had one. Null where they may not be used.
   */
  members(index: number, event: object): Buffer[] | null {
    const span = this.spans[index];
    if (this.surrogateEscapes || !span.compact || span.colons + this.commonColons !== membersIn(event)) return null;
    const own = this.body.subarray(span.start + 1, span.end - 1);
    return this.commonText ? [own, this.commonText] : [own];
  }
}

/** The members of every object in `value`, at any depth. */
function membersIn(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) n += membersIn(value[i]);
    return n;
  }
  // for...in with an own-key test: Object.keys made an array per object (a fifth of a batch's garbage)
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) n += 1 + membersIn((value as Record<string, unknown>)[key]);
  return n;
}
