/** User-agent parsing (ua-parser-js 1.x, MIT) behind a bounded LRU cache keyed by the UA string. */
import type { UaInfo } from '@actionlake/schema';
import { Lru } from './lru';
export declare function parseUa(raw: string | null | undefined): UaInfo;
/** parseUa for the last `size` user agents seen (0 disables caching). */
export declare class UaCache extends Lru<UaInfo> {
    constructor(size: number);
}
