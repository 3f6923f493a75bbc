/**
 * Every string the lake stores is well-formed UTF-16: a lone surrogate (half an emoji, e.g. a
 * title cut after 200 code units) becomes U+FFFD. JSON.stringify writes a lone surrogate as the
 * escape `\ud83d`, which is valid JSON but not valid UTF-8 text, and DuckDB then refuses the whole
 * object. Values (and object keys) are copied only where a string changes; the common case, all
 * strings fine, allocates nothing.
 */
export declare function wellFormedString(s: string): string;
/** `value` with every string (and key) well-formed; the same object when nothing changes. */
export declare function wellFormed<T>(value: T): T;
