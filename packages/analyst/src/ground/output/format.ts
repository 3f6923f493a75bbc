/**
 * Values as a person reads them in a terminal, one style for every command: numbers without
 * thousands separators (as DuckDB and psql print them, and read the same in every locale), rounded
 * for display to at most 2 decimals (0.9999995702220221 → 1, 0.3333 → 0.33; a value that would
 * round to 0 keeps 2 significant digits), amounts with exactly 2 (129.80); maps as {EUR: 129.8},
 * structs as {source: google}, lists as [a, b]. Programs get exact values from --json, --out and
 * the Parquet tables.
 */

/** 1234.5678 → "1234.57", 0.5 → "0.5", 3 → "3", 0.00031 → "0.00031" */
export function displayNumber(n: number): string {
  if (!Number.isFinite(n) || Number.isInteger(n)) return String(n);
  const rounded = Number(n.toFixed(2));
  const text = rounded === 0 ? n.toPrecision(2) : n.toFixed(2);
  return /e/.test(text) ? text : text.replace(/\.?0+$/, '');
}

/** An amount: 1234.5 → "1234.50"; null → "". */
export function money(v: unknown): string {
  if (v === null || v === undefined) return '';
  return Number(v).toFixed(2);
}

/** DuckDB's JSON form of a MAP: a list of {key, value} */
function isMapEntries(v: unknown[]): v is { key: unknown; value: unknown }[] {
  return v.length > 0 && v.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e) && Object.keys(e).length === 2 && 'key' in e && 'value' in e);
}

/** Any value of a result row as text; `map`: it is a MAP (an empty one shows as {}). */
export function displayValue(v: unknown, map = false): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return displayNumber(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) {
    if (map || isMapEntries(v)) return `{${v.map((e) => `${displayValue((e as { key: unknown }).key)}: ${displayValue((e as { value: unknown }).value)}`).join(', ')}}`;
    return `[${v.map((e) => displayValue(e)).join(', ')}]`;
  }
  return `{${Object.entries(v).map(([k, x]) => `${k}: ${displayValue(x)}`).join(', ')}}`;
}
