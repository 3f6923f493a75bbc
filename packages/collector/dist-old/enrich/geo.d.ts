/**
 * Geo lookup. The real one (geoip-lite, ~100 MB of tables) is loaded once per process and only when
 * asked for; the app receives a `GeoLookup` function so tests can pass a stub or none.
 */
import type { GeoInfo } from '@actionlake/schema';
export type GeoLookup = (ip: string) => GeoInfo | null;
/** The geoip-lite lookup; the first call loads the database (synchronously). */
export declare function geoipLiteLookup(): GeoLookup;
