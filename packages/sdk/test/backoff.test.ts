import { BACKOFF_CAP_MS, MAX_RETRY_AFTER_MS, backoffDelay, parseRetryAfter } from '../src/core/backoff';

describe('backoffDelay (full jitter, base 1 s, cap 5 min)', () => {
  it('stays within [0, base * 2^attempt)', () => {
    expect(backoffDelay(0, () => 0)).toBe(0);
    expect(backoffDelay(0, () => 0.999999)).toBeLessThan(1000);
    expect(backoffDelay(3, () => 0.999999)).toBeLessThan(8000);
    expect(backoffDelay(3, () => 0.999999)).toBeGreaterThan(7900);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
  });

  it('never exceeds the 5 minute cap, even after many attempts', () => {
    for (const attempt of [9, 10, 20, 100, 5000]) {
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
      expect(backoffDelay(attempt, () => 0.999999)).toBeGreaterThan(BACKOFF_CAP_MS - 1000);
    }
  });

  it('spreads retries of many clients (jitter)', () => {
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(5)));
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now; past dates mean now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing or garbage values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });

  it('caps absurd values at one hour', () => {
    expect(parseRetryAfter('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
  });
});
