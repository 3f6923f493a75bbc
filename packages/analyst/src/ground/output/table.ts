/**
 * Rows as an aligned text table for a terminal, every value in the one display style of
 * ./format.ts; numbers (and amounts) right-aligned; long cells cut with "…".
 */
import { displayValue, money } from './format';

const MAX_CELL = 60;

export interface TableOptions {
  /** DuckDB type of each column, where known (a MAP column shows as {…} even when empty) */
  types?: Record<string, string>;
  /** columns of amounts: exactly 2 decimals */
  money?: string[];
}

/** "1 row", "3 rows": a count for a person, in the singular when it is one */
export const counted = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function formatTable(rows: Record<string, unknown>[], options: TableOptions = {}): string {
  if (!rows.length) return '(no rows)';
  const cols = Object.keys(rows[0]);
  const amounts = new Set(options.money ?? []);
  const cell = (col: string, v: unknown) => {
    const s = amounts.has(col) ? money(v) : displayValue(v, options.types?.[col]?.startsWith('MAP(') ?? false);
    const one = s.replace(/\s+/g, ' ');
    return one.length > MAX_CELL ? one.slice(0, MAX_CELL - 1) + '…' : one;
  };
  const cells = rows.map((r) => cols.map((c) => cell(c, r[c])));
  const numeric = cols.map((c) => amounts.has(c) || rows.every((r) => r[c] === null || typeof r[c] === 'number'));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => (numeric[i] ? v.padStart(width[i]) : v.padEnd(width[i]))).join('  ').trimEnd();
  return [line(cols), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line), `(${counted(rows.length, 'row')})`].join('\n');
}
