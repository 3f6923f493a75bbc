import type { FlushLock } from '../core/queue';

const LOCK_NAME = 'actionlake-flush';

/**
 * One tab sends at a time (Web Locks), so tabs sharing the IndexedDB queue do not send the same
 * events twice. Timer flushes skip when another tab holds the lock; an explicit flush() waits.
 * Without Web Locks every tab just sends (the collector dedups by event_id); so does a tab where
 * the lock request is refused (opaque-origin iframes reject it with a SecurityError).
 */
export const webLock: FlushLock = (fn, wait) => {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const run = () => fn().then(() => true);
  if (!locks || typeof locks.request !== 'function') return run();
  let ran = false;
  // new Promise also turns a synchronous throw into a rejection. The DOM typings nest the callback's
  // promise (Promise<Promise<boolean>>); request() resolves with the callback's result.
  return new Promise<boolean>((resolve) => resolve(locks.request(LOCK_NAME, { ifAvailable: !wait }, async (lock) => {
    if (!lock) return false;
    ran = true;
    await fn();
    return true;
  }) as unknown as Promise<boolean>)).catch((e) => {
    if (ran) throw e; // fn itself failed: do not send twice
    return run();
  });
};
