import { parseCampaign } from '../src/core/campaign';
import { buildEvent, cleanProps } from '../src/core/event';
import { touchSession } from '../src/core/session';
import { uuid } from '../src/core/uuid';

const T0 = Date.UTC(2025, 4, 6, 7, 8, 9, 10);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('buildEvent', () => {
  const session = touchSession(null, T0, parseCampaign('https://x.example/?utm_source=news&fbclid=f1'), uuid);

  it('fills the required fields, user_id null before identify, and the session campaign', () => {
    const ev = buildEvent({ site: 'demo', event_id: uuid(), now: T0, session }, { action: 'Signed up', action_type: 'custom' });
    expect(ev).toEqual({
      event_id: expect.stringMatching(UUID_V4), site_id: 'demo', action: 'Signed up', action_type: 'custom',
      triggered_at: '2025-05-06T07:08:09.010Z', anonymous_id: session.anonymous_id, session_id: session.session_id,
      user_id: null, visitor_type: 'new', utm: { source: 'news' }, click_ids: { fbclid: 'f1' },
    });
  });

  it('omits absent optional fields instead of sending null', () => {
    const plain = touchSession(null, T0, null, uuid);
    const ev = buildEvent({ site: 'demo', event_id: uuid(), now: T0, session: plain }, { action: 'x', action_type: 'custom', attributes: {} });
    for (const k of ['utm', 'click_ids', 'attributes', 'traits', 'element', 'page', 'device', 'products']) {
      expect(ev).not.toHaveProperty(k);
    }
  });

  it('keeps only scalar attributes and caps the action name at 200 characters', () => {
    const ev = buildEvent({ site: 'demo', event_id: uuid(), now: T0, session }, {
      action: 'a'.repeat(300), action_type: 'custom',
      attributes: { plan: 'pro', seats: 3, trial: false, nested: { x: 1 }, list: [1], nan: NaN, nil: null },
    });
    expect(ev.action).toHaveLength(200);
    expect(ev.attributes).toEqual({ plan: 'pro', seats: 3, trial: false });
  });
});

describe('cleanProps', () => {
  it('allows null only for traits', () => {
    expect(cleanProps({ email: null, name: 'A' }, true)).toEqual({ email: null, name: 'A' });
    expect(cleanProps({ email: null }, false)).toBeUndefined();
  });

  it('ignores non-objects and keeps at most 100 keys', () => {
    expect(cleanProps('x', false)).toBeUndefined();
    expect(cleanProps([1, 2], false)).toBeUndefined();
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(cleanProps(many, false)!)).toHaveLength(100);
  });
});

describe('uuid', () => {
  it('makes distinct v4 UUIDs, also without crypto.randomUUID', () => {
    const c = globalThis.crypto as Crypto & { randomUUID?: unknown };
    const orig = c.randomUUID;
    Object.defineProperty(c, 'randomUUID', { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 100 }, uuid));
      expect(ids.size).toBe(100);
      for (const id of ids) expect(id).toMatch(UUID_V4);
    } finally {
      Object.defineProperty(c, 'randomUUID', { value: orig, configurable: true });
    }
  });
});
