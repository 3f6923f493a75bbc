/** If-Match / If-None-Match: the entity tags they list (quotes and W/ dropped), or '*'. */
export declare function entityTags(header: string | undefined): string[] | '*' | null;
export declare const quoted: (version: string) => string;
