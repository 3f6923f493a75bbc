/** If-Match / If-None-Match: the entity tags they list (quotes and W/ dropped), or '*'. */
export function entityTags(header: string | undefined): string[] | '*' | null {
  if (header === undefined) return null;
  const v = header.trim();
  if (v === '') return null;
  if (v === '*') return '*';
  return v
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

export const quoted = (version: string) => `"${version}"`;
