import { SOURCE_EVENT_NAMESPACE, sourceEventId, uuidV5 } from '../src/node';

describe("a source event's event_id (contract §10)", () => {
  it('is the RFC 4122 v5 UUID of "<source id>:<vendor id>", as Python\'s uuid.uuid5 computes it', () => {
    // python3: ns = uuid.uuid5(uuid.NAMESPACE_URL, 'https://actionlake.dev/sources'); uuid.uuid5(ns, NAME)
    expect(uuidV5('6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'https://actionlake.dev/sources')).toBe(SOURCE_EVENT_NAMESPACE);
    expect(sourceEventId('backend', 'node-next-1700000000000-abc')).toBe('addf86a3-ec31-518b-b1fa-3444779a4065');
    expect(sourceEventId('sg', 'ünï')).toBe('0a2a0f62-2ead-5d3a-8b3b-1db2a8157166');
  });

  it('is the same for every delivery of one event and differs between sources', () => {
    expect(sourceEventId('stripe', 'evt_1')).toBe(sourceEventId('stripe', 'evt_1'));
    expect(sourceEventId('stripe', 'evt_1')).not.toBe(sourceEventId('stripe-eu', 'evt_1'));
    expect(sourceEventId('stripe', 'evt_1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
