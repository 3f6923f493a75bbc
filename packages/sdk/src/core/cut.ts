/**
 * `s` cut to at most `max` UTF-16 units without splitting a surrogate pair: an emoji at the edge is
 * dropped whole, never left as a lone half (which makes the lake's JSON unreadable to DuckDB).
 */
export const cut = (s: string, max: number): string => {
  const c = s.charCodeAt(max - 1);
  return s.length > max ? s.slice(0, c > 0xd7ff && c < 0xdc00 ? max - 1 : max) : s;
};
