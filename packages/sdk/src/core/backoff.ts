/**
 * When to try again after a failed send: exponential backoff with full jitter (the AWS
 * architecture blog's "full jitter", so a collector coming back is not met by every browser at
 * once), and the collector's Retry-After, as seconds or an HTTP date, capped at an hour so a bad
 * header cannot park a queue for days. Pure: core/pace.ts applies them.
 */
const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60 * 1000;
/** Longest Retry-After we honour, so a bad header cannot park the queue for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** Exponential backoff with full jitter: uniform in [0, min(cap, base * 2^attempt)). */
export const backoffDelay = (attempt: number, random: () => number = Math.random): number => {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * Math.pow(2, Math.min(attempt, 30)));
  return Math.floor(random() * ceiling);
};

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date. null when absent or invalid. */
export const parseRetryAfter = (value: string | null | undefined, now: number): number | null => {
  const v = (value || '').trim();
  if (!v) return null;
  let ms: number;
  if (/^\d+$/.test(v)) ms = +v * 1000;
  else {
    // an HTTP-date always names a day and month; this also rules out odd Date.parse inputs like '-5'
    const t = /[a-z]/i.test(v) ? Date.parse(v) : NaN;
    if (isNaN(t)) return null;
    ms = Math.max(0, t - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
};
