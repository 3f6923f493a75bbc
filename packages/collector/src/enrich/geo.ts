/**
 * Geo lookup. The real one (geoip-lite, ~100 MB of tables) is loaded once per process and only when
 * asked for; the app receives a `GeoLookup` function so tests can pass a stub or none.
 */
import type { GeoInfo } from '@actionlake/schema';
import { continentOf } from './continents';

export type GeoLookup = (ip: string) => GeoInfo | null;

let loaded: GeoLookup | null = null;

/** The geoip-lite lookup; the first call loads the database (synchronously). */
export function geoipLiteLookup(): GeoLookup {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const geoip = require('geoip-lite') as typeof import('geoip-lite');
  loaded = (ip: string) => {
    const g = geoip.lookup(ip);
    if (!g) return null;
    const [lat, lon] = g.ll ?? [];
    return {
      country: g.country || null,
      region: g.region || null,
      city: g.city || null,
      continent: continentOf(g.country),
      timezone: g.timezone || null,
      latitude: typeof lat === 'number' ? lat : null,
      longitude: typeof lon === 'number' ? lon : null,
    };
  };
  return loaded;
}
