/** The lake's key layout (contract §5) and the suppression list's format (§8), shared by the collector and the analyst. */
import {
  configKey, dayOf, decodeSuppressed, encodeSuppressed, hashId, isTableName, manifestKey, objectKey, parseRawKey,
  parseTableKey, siteOfFolder, stateDayPrefix, stateKey, stateModelOf, suppressedKey, tableDayPrefix, tablePrefix,
} from '../src/node';

describe('the lake layout', () => {
  it('parses the raw keys the collector writes, and nothing else', () => {
    const key = objectKey('events', 'shop', '2024-05-01T09', 'web-1.host', '1714564800000_9f8e7d6c5b_000042');
    expect(key).toBe('events/site_id=shop/dt=2024-05-01/hour=09/web-1.host-1714564800000_9f8e7d6c5b_000042.ndjson.gz');
    expect(parseRawKey(key)).toEqual({ kind: 'events', site: 'shop', dt: '2024-05-01', hour: '09', name: 'web-1.host-1714564800000_9f8e7d6c5b_000042' });
    expect(parseRawKey('bad/site_id=_unknown/dt=2024-05-01/hour=00/c-1_a_1.ndjson.gz')?.kind).toBe('bad');
    for (const other of ['events/site_id=shop/dt=2024-05-01/x.ndjson.gz', 'events/site_id=shop/dt=2024-05-01/hour=09/.x.ndjson.gz.tmp', 'tables/events/site_id=shop/dt=2024-05-01/part-1.parquet']) {
      expect(parseRawKey(other)).toBeNull();
    }
  });

  it('names config, table and manifest keys, and tells tables from the manifests folder', () => {
    expect(configKey('shop', 'model.json')).toBe('config/site_id=shop/model.json');
    expect(suppressedKey('shop')).toBe('config/site_id=shop/suppressed.json');
    expect(tablePrefix('sessions')).toBe('tables/sessions/');
    expect(tableDayPrefix('events', 'shop', '2024-05-01')).toBe('tables/events/site_id=shop/dt=2024-05-01/');
    expect(manifestKey('shop', 'events')).toBe('tables/_manifest/site_id=shop/events.json');
    expect(parseTableKey('tables/events/site_id=shop/dt=2024-05-01/part-a-000000.parquet')).toEqual({ table: 'events', site: 'shop', dt: '2024-05-01', file: 'part-a-000000.parquet' });
    expect(parseTableKey('tables/sessions/site_id=shop/data.parquet')).toEqual({ table: 'sessions', site: 'shop', dt: null, file: 'data.parquet' });
    expect(parseTableKey('tables/_manifest/site_id=shop/events.json')).toBeNull();
    expect(isTableName('_manifest')).toBe(false);
    expect(isTableName('channel_daily')).toBe(true);
    expect(siteOfFolder('site_id=shop')).toBe('shop');
    expect(siteOfFolder('dt=2024-05-01')).toBeNull();
    expect(dayOf('bad/site_id=x/dt=2024-05-01/hour=00/a.ndjson.gz')).toBe('2024-05-01');
    expect(dayOf('tables/sessions/site_id=x/data.parquet')).toBeNull();
  });
});

describe('the kept steps of an incremental build', () => {
  it('names a step kept whole or per day, and tells which step a key under state/ belongs to', () => {
    expect(stateKey('shop', 'person_traits')).toBe('tables/_manifest/site_id=shop/state/person_traits.parquet');
    expect(stateDayPrefix('shop', 'conversion_sources', '2024-05-01')).toBe('tables/_manifest/site_id=shop/state/conversion_sources/dt=2024-05-01/');
    expect(stateModelOf('shop', stateKey('shop', 'person_traits'))).toBe('person_traits');
    expect(stateModelOf('shop', `${stateDayPrefix('shop', 'conversion_sources', '2024-05-01')}data.parquet`)).toBe('conversion_sources');
    expect(stateModelOf('blog', stateKey('shop', 'person_traits'))).toBeNull();
    expect(stateModelOf('shop', 'tables/_manifest/site_id=shop/state/notes.txt')).toBeNull();
    expect(stateModelOf('shop', manifestKey('shop', 'events'))).toBeNull();
  });
});

describe('the suppression list', () => {
  it('holds sorted SHA-256 hashes without repeats, and refuses anything else with the reason', () => {
    // `printf %s 'erased-user' | sha256sum`, computed outside this code
    expect(hashId('erased-user')).toBe('0b1f0741d2ffdaf7144a0bf32b58792706004a0ddc62a2c68d60763ac538252a');
    const body = encodeSuppressed([hashId('b'), hashId('a'), hashId('b')], new Date('2026-11-28T19:00:00Z'));
    expect(JSON.parse(body.toString())).toEqual({ version: 1, updated_at: '2026-11-28T19:00:00.000Z', hashes: [hashId('a'), hashId('b')].sort() });
    expect(decodeSuppressed('k', body)).toEqual(new Set([hashId('a'), hashId('b')]));
    expect(() => decodeSuppressed('k', Buffer.from('{'))).toThrow(/^k is not valid JSON/);
    expect(() => decodeSuppressed('k', Buffer.from('{"hashes": ["ABC"]}'))).toThrow('k: hashes[0] is not a lower-case SHA-256 hex string');
  });
});
