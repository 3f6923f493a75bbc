/**
 * The tabs of a site coordinate with Web Locks (the browser releases a page's locks the moment it
 * is gone, even when it crashed): core/types.ts's TabLocks. Where Web Locks are missing or refused
 * (old browsers, opaque-origin frames) every tab behaves as if it were alone: it sends what it
 * finds, and the collector drops repeats by event_id.
 */
import type { FlushLock, TabLocks } from '../core/types';

const LOCK_NAME = 'actionlake-flush';
const TAB_PREFIX = 'actionlake-tab-';

// no navigator: Node (the unit tests)
const webLocks = (): LockManager | undefined => globalThis.navigator?.locks;

/**
 * One tab at a time sends other tabs' leftovers (Web Locks). Timer flushes skip when another tab
 * holds the lock; an explicit flush() waits. Without Web Locks the tab just sends (the collector
 * dedups by event_id); so does a tab where the lock request is refused (opaque-origin iframes
 * reject it with a SecurityError).
 */
export const webLock: FlushLock = (fn, wait) => {
  const locks = webLocks();
  const run = () => fn().then(() => true);
  if (!locks) return run();
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

/**
 * Each open tab holds a lock named after it for as long as it lives, so other tabs know whose
 * stored events are still someone's to send, and are told (their request for that lock is
 * granted) the moment the tab is gone.
 */
export const tabLocks: TabLocks = {
  exclusive: webLock,
  hold: (tab) => request(TAB_PREFIX + tab, 'exclusive', () => new Promise(() => undefined)),
  // shared: the watchers of a tab never look like the tab itself (only its owner holds it exclusively)
  whenGone: (tab, fn) => request(TAB_PREFIX + tab, 'shared', async () => fn()),
  alive: async () => {
    try {
      const s = await webLocks()!.query();
      const owners = [...(s.held || []), ...(s.pending || [])].filter((l) => l.mode === 'exclusive' && !l.name!.indexOf(TAB_PREFIX));
      return new Set(owners.map((l) => l.name!.slice(TAB_PREFIX.length)));
    } catch {
      return null; // no Web Locks, or refused: every leftover is adopted (the collector dedups)
    }
  },
};

const request = (name: string, mode: LockMode, fn: () => Promise<unknown>): void => {
  try {
    webLocks()!.request(name, { mode }, fn).catch(() => undefined);
  } catch {
    // no Web Locks
  }
};
