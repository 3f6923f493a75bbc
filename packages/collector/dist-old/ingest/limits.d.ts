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
export declare const DEFAULT_EVENT_LIMITS: EventLimits;
export declare function keyPath(base: string, key: string | number): string;
export declare function quoteKey(key: string): string;
/** The reasons `value` breaks the limits (empty: go on to schema validation). Linear in its size. */
export declare function checkLimits(value: unknown, label: string, limits?: EventLimits): string[];
/** At most `max` reasons, the rest counted in a last one. */
export declare function capErrors(errors: string[], max: number): string[];
