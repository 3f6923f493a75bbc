/** Wraps a callback so nothing it throws ever reaches the host page. */
export function guard<A extends unknown[]>(fn: (...a: A) => void): (...a: A) => void {
  return (...a: A) => {
    try {
      fn(...a);
    } catch {
      // a tracking failure must never break the site
    }
  };
}

/** Like guard, for promise-returning calls: resolves (never rejects, never throws). */
export function guardAsync<A extends unknown[], T>(fn: (...a: A) => Promise<T>, fallback: T): (...a: A) => Promise<T> {
  return (...a: A) => {
    try {
      return fn(...a).catch(() => fallback);
    } catch {
      return Promise.resolve(fallback);
    }
  };
}
