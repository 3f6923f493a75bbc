import crypto from 'node:crypto';
import { SOURCE_EVENT_NAMESPACE, sourceEventId, uuidV5 } from '../src/node';

/** RFC 4122 v5 with node:crypto's SHA-1, as event-id.ts computed it before its own SHA-1 */
function reference(namespace: string, name: string): string {
  const h = crypto.createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

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

  it("is node:crypto's SHA-1 for names of every length across the block boundaries, ASCII or not, and over 1 KB", () => {
    const names: string[] = [];
    for (let n = 0; n <= 200; n++) names.push('m'.repeat(n), `x${'é'.repeat(n >> 1)}`, crypto.randomBytes(n).toString('base64').slice(0, n));
    names.push('node-next-1796646669484-fc2ffa75-9b15-430d-bf37-ad76ed9a975b', '😀 emoji', 'a'.repeat(1008), 'a'.repeat(1009), 'a'.repeat(5000), 'ü'.repeat(400));
    for (const name of names) {
      expect({ name, id: uuidV5(SOURCE_EVENT_NAMESPACE, name) }).toEqual({ name, id: reference(SOURCE_EVENT_NAMESPACE, name) });
      expect(sourceEventId('backend', name)).toBe(reference(SOURCE_EVENT_NAMESPACE, `backend:${name}`));
    }
  });
});
