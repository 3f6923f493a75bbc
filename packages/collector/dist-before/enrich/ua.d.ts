/** User-agent parsing (ua-parser-js 1.x, MIT) behind a bounded LRU cache keyed by the UA string. */
import type { UaInfo } from '@actionlake/schema';
export declare function parseUa(raw: string | null | undefined): UaInfo;
/** parseUa with an LRU of at most `size` UA strings (0 disables caching). */
export declare class UaCache {
    private readonly size;
    private readonly cache;
    constructor(size: number);
    get(raw: string | null | undefined): UaInfo;
    get entries(): number;
}
