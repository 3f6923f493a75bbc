/**
 * When a tab's queue (core/queue.ts) sends next: within a second of an event (at once for a full
 * batch); after a failure, not before an exponential backoff with full jitter (core/backoff.ts:
 * 1 s base, 5 min cap, reset by a success); never before a Retry-After, not even for flush().
 * One timer at a time: the earliest send due wins.
 */
import { backoffDelay } from './backoff';
import type { Timers } from './types';

export interface Pace {
  /** A send within `ms` (but not during a backoff). */
  soon(ms: number): void;
  /** A send failed: backs off; `retryAfterMs` ≥ 0, the collector's Retry-After (no send before it). */
  failed(retryAfterMs: number): void;
  /** A send went through: the backoff is over. */
  passed(): void;
  /** ms until a Retry-After lets a send go (0 or less: now). */
  wait(): number;
  /** Sends are failing: a closing page keeps its events stored instead of handing them over. */
  failing(): boolean;
}

/** `due`: runs the send when the timer fires. */
export const createPace = (timers: Timers, now: () => number, random: () => number, due: () => void): Pace => {
  let timer: unknown = null;
  let timerAt = 0;
  let attempt = 0;
  /** Retry-After: no send before this time. */
  let notBefore = 0;
  /** Backoff after a failure: no timed send before this time. */
  let backoffUntil = 0;

  const soon = (ms: number): void => {
    const t = now();
    const at = Math.max(t + ms, backoffUntil);
    if (timer !== null) {
      if (timerAt <= at) return;
      timers.clear(timer);
    }
    timerAt = at;
    timer = timers.set(() => {
      timer = null;
      due();
    }, at - t);
  };

  const failed = (retryAfterMs: number): void => {
    let delay = backoffDelay(attempt++, random);
    if (retryAfterMs >= 0) {
      delay = Math.max(delay, retryAfterMs);
      notBefore = now() + retryAfterMs;
    }
    if (timer !== null) timers.clear(timer);
    timer = null;
    backoffUntil = now() + delay;
    soon(0);
  };

  return {
    soon,
    failed,
    passed: () => (attempt = backoffUntil = 0),
    wait: () => notBefore - now(),
    failing: () => attempt > 0,
  };
};
