/** `selector@attr` / `@attr` in field values: read the attribute instead of the text (`selector::text`: its own text). */
export declare const ATTR_NAME: RegExp;
/** pseudo-classes without argument that browsers support in querySelector() / closest() */
export declare const PLAIN_PSEUDOS: Set<string>;
export interface SelectorRules {
    maxLength: number;
    /** field values: `css`, `css@attr` or `@attr` */
    allowAttr?: boolean;
}
/** null when `value` is usable, else why not, naming `field`. */
export declare function selectorProblem(field: string, value: unknown, rules: SelectorRules): string | null;
