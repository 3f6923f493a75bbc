/**
 * Nothing the SDK does may throw into the host page: storage can be blocked, a site's selector
 * may not parse, a browser may lack an API. These wrappers turn a throw into "nothing happened",
 * in one place instead of a try/catch at every such call.
 */

/** `fn()`, or undefined when it throws. */
export const attempt = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

/** Wraps a callback so nothing it throws ever reaches the host page. */
export const guard = <A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void => {
  return (...a: A) => void attempt(() => fn(...a));
};

/** Like guard, for promise-returning calls: resolves (never rejects, never throws). */
export const guardAsync = <A extends unknown[], T>(fn: (...a: A) => Promise<T>, fallback: T): (...a: A) => Promise<T> => {
  return (...a: A) => (attempt(() => fn(...a).catch(() => fallback)) || Promise.resolve(fallback));
};
