import type { WireEvent } from '@actionlake/schema';
export type Validation = {
    ok: true;
    event: WireEvent;
} | {
    ok: false;
    errors: string[];
};
/** Validates one event; `label` names it in the reasons (e.g. `events[3]`). */
export declare function validateEvent(value: unknown, label: string): Validation;
/** One line for an API answer: the first few errors. */
export declare function summarize(errors: string[], max?: number): string;
