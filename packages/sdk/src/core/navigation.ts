/**
 * Whether going from `prev` to `next` is a new page for analytics: the path or query changed, or
 * the hash changed in a hash-routed app (`#/route`, `#!/route`). An in-page anchor (`#section`)
 * is not a new page.
 */
export const isNewPage = (prev: string, next: string): boolean => {
  const [prevBase, prevHash = ''] = split(prev);
  const [nextBase, nextHash = ''] = split(next);
  if (prevBase !== nextBase) return true;
  return prevHash !== nextHash && (isRoute(prevHash) || isRoute(nextHash));
};

const split = (url: string): [string, string?] => {
  const i = url.indexOf('#');
  return i < 0 ? [url] : [url.slice(0, i), url.slice(i)];
};

const isRoute = (hash: string): boolean => /^#!?\//.test(hash);
