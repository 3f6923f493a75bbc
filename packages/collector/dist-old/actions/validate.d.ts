/**
 * Checks one ActionDefinition from a PUT body (contract §2) and returns the stored form, or every
 * problem found, each naming the field and the limit.
 */
import { type ActionDefinition } from '@actionlake/schema';
export declare const NAME_MAX_LENGTH = 200;
export declare const URL_MAX_LENGTH = 1024;
export declare const FALLBACK_TEXT_MAX_LENGTH = 200;
/**
 * Wildcards in one path segment of a url glob. sdk.js matches globs in linear time, but copies of
 * older releases cached in browsers match with a backtracking regex, which freezes the page for
 * seconds per click on globs like /*-*-*-*-*-*-*-*-slug/buy: refused at save.
 */
export declare const URL_MAX_SEGMENT_WILDCARDS = 3;
export interface ActionLimits {
    actionMaxBytes: number;
    actionMaxFields: number;
    actionSelectorMaxLength: number;
}
export type Validation = {
    ok: true;
    action: ActionDefinition;
} | {
    ok: false;
    status: 400 | 413;
    error: string;
    errors: string[];
};
/** `pathId` is the `:id` of the URL; the body's `id`, when given, must be the same. */
export declare function validateAction(body: unknown, pathId: string, limits: ActionLimits): Validation;
