/**
 * Page-path globs of action definitions: `*` matches any characters except `/`, `**` matches
 * anything (slashes too), everything else is literal. "/products/*" matches "/products/duke"
 * but not "/products/a/b"; "/blog/**" matches every page under /blog/. No glob = every page.
 */
export function pathMatches(glob: string | undefined, path: string): boolean {
  if (!glob) return true;
  return globToRegExp(glob).test(path);
}

const cache: Record<string, RegExp> = {};

function globToRegExp(glob: string): RegExp {
  let re = cache[glob];
  if (re) return re;
  const body = glob
    .split('**')
    .map((part) => part.split('*').map((lit) => lit.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'))
    .join('.*');
  re = cache[glob] = new RegExp('^' + body + '$');
  return re;
}
