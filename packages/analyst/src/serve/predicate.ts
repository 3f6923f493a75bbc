/**
 * A segment's predicate (SQL a person typed: `revenue > 100 AND list_contains(device_types,
 * 'mobile')`) is checked before it is run: it must stay ONE condition over profiles. DuckDB's own
 * parser serializes `SELECT 1 FROM profiles WHERE (<predicate>)` (json_serialize_sql), and that tree
 * must equal the tree of `SELECT 1 FROM profiles WHERE (true)` in everything but the WHERE clause:
 * a predicate that closes the parenthesis to add a UNION, an ORDER BY, a GROUP BY or a second
 * statement changes the tree (or is no SELECT at all) and is refused. Subqueries inside the
 * condition remain possible (`person_id IN (SELECT person_id FROM sessions WHERE …)`): they read
 * the same locked, read-only tables (./reader.ts). Placed inside `(...)` of any other SELECT, the
 * predicate is then that SELECT's condition and nothing more.
 */
import type { Reader } from './reader';

/** the longest predicate taken */
export const MAX_PREDICATE_CHARS = 4000;

export class PredicateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PredicateError';
  }
}

type Tree = Record<string, unknown>;

async function parsed(reader: Reader, sql: string): Promise<{ error: true; error_message?: string } | { error: false; statements: { node: Tree }[] }> {
  const [row] = await reader.rows<{ tree: string }>('SELECT json_serialize_sql($sql::VARCHAR) AS tree', { sql });
  return JSON.parse(row.tree);
}

/** Without the WHERE clause and the parser's positions in the text. */
function shape(node: Tree): string {
  return JSON.stringify(node, (key, value) => (key === 'where_clause' || key === 'query_location' ? undefined : value));
}

let plain: string | null = null;

/** Resolves when `where` is one condition (see above); a PredicateError saying why otherwise. */
export async function checkPredicate(reader: Reader, where: string): Promise<void> {
  if (!where.trim()) throw new PredicateError('the predicate is empty');
  if (where.length > MAX_PREDICATE_CHARS) throw new PredicateError(`the predicate is longer than ${MAX_PREDICATE_CHARS} characters`);
  const tree = await parsed(reader, `SELECT 1 FROM profiles WHERE (${where})`);
  if (tree.error) throw new PredicateError(`not one condition over profiles: ${tree.error_message ?? 'not a SELECT'}`);
  if (plain === null) {
    const base = await parsed(reader, 'SELECT 1 FROM profiles WHERE (true)');
    if (base.error) throw new Error('json_serialize_sql failed on a plain SELECT');
    plain = shape(base.statements[0].node);
  }
  if (tree.statements.length !== 1 || shape(tree.statements[0].node) !== plain) {
    throw new PredicateError('the predicate must be one condition over profiles (no ";", UNION, ORDER BY, GROUP BY or other clause after it)');
  }
}
