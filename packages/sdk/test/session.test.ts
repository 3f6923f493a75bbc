import { parseCampaign } from '../src/core/campaign';
import { SESSION_IDLE_MS, resetSession, reviveSession, touchSession, visitorType } from '../src/core/session';

let n = 0;
const ids = () => `id-${++n}`;
const T0 = Date.UTC(2025, 0, 1, 12);
const landing = (q: string) => parseCampaign('https://shop.example/' + q);

describe('session rules', () => {
  it('a first event creates a new visitor with a session and the landing campaign', () => {
    const s = touchSession(null, T0, landing('?utm_source=news'), ids);
    expect(s.anonymous_id).toBeTruthy();
    expect(s.session_id).not.toBe(s.anonymous_id);
    expect(visitorType(s)).toBe('new');
    expect(s.campaign.utm).toEqual({ source: 'news' });
    expect(s.user_id).toBeNull();
  });

  it('keeps the session until exactly 30 minutes of idle, then starts a new one', () => {
    const s = touchSession(null, T0, null, ids);
    const justBefore = touchSession(s, T0 + SESSION_IDLE_MS - 1, null, ids);
    expect(justBefore.session_id).toBe(s.session_id);
    const atLimit = touchSession(justBefore, justBefore.last_activity + SESSION_IDLE_MS, null, ids);
    expect(atLimit.session_id).not.toBe(s.session_id);
    expect(atLimit.anonymous_id).toBe(s.anonymous_id);
  });

  it('activity slides the idle window', () => {
    let s = touchSession(null, T0, null, ids);
    const first = s.session_id;
    for (let i = 1; i <= 4; i++) s = touchSession(s, T0 + i * 20 * 60 * 1000, null, ids);
    expect(s.session_id).toBe(first);
  });

  it('a page view landing with a different campaign starts a new session carrying it', () => {
    const s = touchSession(null, T0, landing('?utm_source=news&utm_campaign=a'), ids);
    const next = touchSession(s, T0 + 1000, landing('?gclid=xyz'), ids);
    expect(next.session_id).not.toBe(s.session_id);
    expect(next.campaign.click_ids).toEqual({ gclid: 'xyz' });
    expect(next.campaign.utm).toEqual({});
    expect(visitorType(next)).toBe('returning');
  });

  it('the same campaign again, or a page without one, keeps the session and its campaign', () => {
    const s = touchSession(null, T0, landing('?utm_source=news'), ids);
    const same = touchSession(s, T0 + 1000, landing('?utm_source=news'), ids);
    const none = touchSession(same, T0 + 2000, landing(''), ids);
    expect(none.session_id).toBe(s.session_id);
    expect(none.campaign.utm).toEqual({ source: 'news' });
  });

  it('visitor_type is new in the first session and returning afterwards', () => {
    const s = touchSession(null, T0, null, ids);
    expect(visitorType(touchSession(s, T0 + 60_000, null, ids))).toBe('new');
    expect(visitorType(touchSession(s, T0 + SESSION_IDLE_MS + 1, null, ids))).toBe('returning');
  });

  it('an idle-expired session does not inherit the old campaign', () => {
    const s = touchSession(null, T0, landing('?utm_source=news'), ids);
    const later = touchSession(s, T0 + SESSION_IDLE_MS, null, ids);
    expect(later.campaign.utm).toEqual({});
  });

  it('reset makes a new visitor without user', () => {
    const s = { ...touchSession(null, T0, null, ids), user_id: 'u1' };
    const r = resetSession(T0 + 1, ids);
    expect(r.anonymous_id).not.toBe(s.anonymous_id);
    expect(r.session_id).not.toBe(s.session_id);
    expect(r.user_id).toBeNull();
  });

  it('malformed stored state is discarded', () => {
    expect(reviveSession(null)).toBeNull();
    expect(reviveSession({ anonymous_id: 1 })).toBeNull();
    const s = touchSession(null, T0, landing('?utm_source=x'), ids);
    expect(reviveSession(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });
});
