import type { FlushLock } from '../core/queue';

const LOCK_NAME = 'actionlake-flush';

/**
 * One tab sends at a time (Web Locks), so tabs sharing the IndexedDB queue do not send the same
 * events twice. Timer flushes skip when another tab holds the lock; an explicit flush() waits.
 * Without Web Locks every tab just sends (the collector dedups by event_id).
 */
export const webLock: FlushLock = (fn, wait) => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== 'function') return fn().then(() => true);
  return locks.request(LOCK_NAME, { ifAvailable: !wait }, async (lock): Promise<boolean> => {
    if (!lock) return false;
    await fn();
    return true;
  }).then((got) => got); // the DOM typings nest the callback's promise
};
