/**
 * CSV as every file the product writes is written (segments, query output, and the import
 * reports, dashboard downloads and activation files to come): RFC 4180, and safe to open in a
 * spreadsheet. A visitor controls much of what lands in the lake (an identify's user id, a UTM tag,
 * a page path, a product name), so a text cell that starts with `=`, `+`, `-`, `@`, tab, CR or LF
 * (OWASP's CSV-injection list) gets a leading `'`: Excel, Sheets and LibreOffice then show it as
 * text instead of running it as a formula (`=HYPERLINK(...)`). Numbers are never touched, and
 * neither is text that is a plain number ("-12.5", "+33"): a negative number is not a formula, and
 * DuckDB or a program reading the file gets ordinary values as they were.
 *
 * One rule, two renderings of it: csvCell()/csvLine() for rows held in JavaScript, and
 * csvSafeSql() for DuckDB's own CSV writer (writeCsv, in ./files.ts), which streams any number of
 * rows. Both take the patterns below.
 */

/** what a spreadsheet reads as the start of a formula (OWASP) */
export const FORMULA_START = /^[=+\-@\t\r\n]/;
/** text that is a number as written (left as it is: a spreadsheet reads it as that number) */
export const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text with a leading `'` when a spreadsheet would take it for a formula. */
export function neutralize(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One field: empty for NULL, numbers and booleans as they are, text neutralized and quoted when it must be. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = neutralize(raw);
  // quoted: a separator, quote or line break inside, an empty string (not NULL), a neutralized cell
  return text === '' || text !== raw || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ending in a line break. */
export function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(',') + '\n';
}

/** SQL (DuckDB) of `neutralize` on a text expression, with the same patterns. */
export function csvSafeSql(expr: string): string {
  const re = (r: RegExp) => `'${r.source.replace(/'/g, "''")}'`;
  return `CASE WHEN regexp_matches(${expr}, ${re(FORMULA_START)}) AND NOT regexp_matches(${expr}, ${re(PLAIN_NUMBER)}) THEN '''' || ${expr} ELSE ${expr} END`;
}
