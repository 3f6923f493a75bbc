import { type Router } from 'express';
export declare const BUNDLE_MAX_AGE_S = 300;
export declare const BUNDLE_STALE_S = 3600;
export declare const BUNDLE_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=3600";
type Encoding = 'br' | 'gzip' | 'identity';
/** The best encoding the client accepts among those built (br, then gzip, then none). */
export declare function pickEncoding(acceptEncoding: string | undefined, built: Partial<Record<Encoding, unknown>>): Encoding;
export declare function staticRouter(d: {
    sdkDir: string;
    recorderDir: string;
    demoDir: string | null;
}): Router;
export {};
