import { type ValidateFunction } from 'ajv';
import type { WireEvent } from '@actionlake/schema';
import { type EventLimits } from './limits';
/** The compiled schema (compiled on first use: about a second; createApp warms it). */
export declare function validator(): ValidateFunction;
export type Validation = {
    ok: true;
    event: WireEvent;
} | {
    ok: false;
    errors: string[];
};
/**
 * Validates one event; `label` names it in the reasons (e.g. `events[3]`). The size limits are
 * checked first (limits.ts), so the schema only ever sees events of bounded size.
 */
export declare function validateEvent(value: unknown, label: string, limits?: EventLimits): Validation;
/** One line for an API answer: the first few errors. */
export declare function summarize(errors: string[], max?: number): string;
