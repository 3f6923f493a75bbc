// webLock against a stand-in navigator.locks (unit tests run in Node, without Web Locks).
import { webLock } from '../src/store/lock';

function withLocks(request: (...a: unknown[]) => unknown): void {
  Object.defineProperty(globalThis, 'navigator', { value: { locks: { request } }, configurable: true });
}

afterEach(() => {
  delete (globalThis as { navigator?: unknown }).navigator;
});

describe('webLock', () => {
  it('runs the flush without the lock when the lock request is refused (opaque-origin iframe)', async () => {
    withLocks(() => Promise.reject(new DOMException('opaque origin', 'SecurityError')));
    const fn = jest.fn(() => Promise.resolve());
    await expect(webLock(fn, false)).resolves.toBe(true);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('also when the request throws instead of rejecting', async () => {
    withLocks(() => {
      throw new DOMException('opaque origin', 'SecurityError');
    });
    const fn = jest.fn(() => Promise.resolve());
    await expect(webLock(fn, true)).resolves.toBe(true);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('holds the lock when granted, skips when another tab holds it, and never runs a failed flush twice', async () => {
    let free = true;
    withLocks((_name, opts, cb) => Promise.resolve((cb as (l: unknown) => unknown)(free ? {} : null)));
    const fn = jest.fn(() => Promise.resolve());
    await expect(webLock(fn, false)).resolves.toBe(true);
    free = false;
    await expect(webLock(fn, false)).resolves.toBe(false);
    expect(fn).toHaveBeenCalledTimes(1);
    free = true;
    const failing = jest.fn(() => Promise.reject(new Error('boom')));
    await expect(webLock(failing, false)).rejects.toThrow('boom');
    expect(failing).toHaveBeenCalledTimes(1);
  });
});
