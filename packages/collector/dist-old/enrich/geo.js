"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.geoipLiteLookup = geoipLiteLookup;
const continents_1 = require("./continents");
let loaded = null;
/** The geoip-lite lookup; the first call loads the database (synchronously). */
function geoipLiteLookup() {
    if (loaded)
        return loaded;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const geoip = require('geoip-lite');
    loaded = (ip) => {
        const g = geoip.lookup(ip);
        if (!g)
            return null;
        const [lat, lon] = g.ll ?? [];
        return {
            country: g.country || null,
            region: g.region || null,
            city: g.city || null,
            continent: (0, continents_1.continentOf)(g.country),
            timezone: g.timezone || null,
            latitude: typeof lat === 'number' ? lat : null,
            longitude: typeof lon === 'number' ? lon : null,
        };
    };
    return loaded;
}
