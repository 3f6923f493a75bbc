/**
 * Page-path globs of action definitions: `*` matches any characters except `/`, `**` matches
 * anything (slashes too), everything else is literal. "/products/*" matches "/products/duke"
 * but not "/products/a/b"; "/blog/**" matches every page under /blog/. No glob = every page.
 *
 * Matched by stepping through the path once with the set of glob positions still possible (no
 * backtracking): at most path length × glob length steps, whatever the glob. A regex here froze
 * pages for seconds per click on globs like "/*-*-*-*-*-*-*-*\/buy".
 */
export const pathMatches = (glob: string | undefined, path: string): boolean => {
  if (!glob) return true;
  const t = cache[glob] || (cache[glob] = tokens(glob));
  const n = t.length;
  /** `at` and, past each wildcard (which may match nothing), the positions after it */
  const enter = (set: boolean[], at: number): void => {
    while (!set[at]) {
      set[at] = true;
      if (at >= n || typeof t[at] === 'string') return;
      at++;
    }
  };
  let cur: boolean[] = [];
  enter(cur, 0);
  for (let p = 0; p < path.length; p++) {
    const c = path[p];
    const next: boolean[] = [];
    for (let i = 0; i < n; i++) {
      if (!cur[i]) continue;
      const k = t[i];
      if (k === 1 || (k === 0 && c !== '/')) enter(next, i);
      else if (k === c) enter(next, i + 1);
    }
    cur = next;
  }
  return !!cur[n];
};

/** Characters (literal), 0 for `*`, 1 for `**`. */
type Token = string | 0 | 1;
const cache: Record<string, Token[]> = {};

const tokens = (glob: string): Token[] => {
  const t: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] !== '*') t.push(glob[i]);
    else t.push(glob[i + 1] === '*' && ++i ? 1 : 0);
  }
  return t;
};
