/** The real geoip-lite lookup (loads ~100 MB of tables: kept to this one file). */
import { geoipLiteLookup } from '../src/enrich/geo';

it('locates a known British address, including its continent', () => {
  const geo = geoipLiteLookup()('81.2.69.142');
  expect(geo).toMatchObject({ country: 'GB', continent: 'EU', timezone: 'Europe/London' });
  expect(typeof geo!.latitude).toBe('number');
  expect(geoipLiteLookup()('127.0.0.1')).toBeNull();
});
