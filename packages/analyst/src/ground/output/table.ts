/** Rows as an aligned text table for a terminal; long cells are cut with "…". */
const MAX_CELL = 60;

function cell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const one = s.replace(/\s+/g, ' ');
  return one.length > MAX_CELL ? one.slice(0, MAX_CELL - 1) + '…' : one;
}

/** "1 row", "3 rows": a count for a person, in the singular when it is one */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function formatTable(rows: Record<string, unknown>[]): string {
  if (!rows.length) return '(no rows)';
  const cols = Object.keys(rows[0]);
  const cells = rows.map((r) => cols.map((c) => cell(r[c])));
  const numeric = cols.map((c) => rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => (numeric[i] ? v.padStart(width[i]) : v.padEnd(width[i]))).join('  ').trimEnd();
  return [line(cols), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), `(${counted(rows.length, 'row')})`].join('\n');
}
