/** DuckDB column types → Hive types (Athena, Spark): struct<...>, array<...>, map<...>. */

/** Splits "a INT, b STRUCT(c INT, d VARCHAR)" at the top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === '(') depth++;
    if (!quoted && ch === ')') depth--;
    if (!quoted && depth === 0 && ch === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** "name TYPE" or "\"name\" TYPE" → [name, TYPE] */
function field(s: string): [string, string] {
  const m = /^"((?:[^"]|"")*)"\s+(.*)$/s.exec(s) ?? /^(\S+)\s+(.*)$/s.exec(s);
  if (!m) throw new Error(`cannot read the struct field "${s}"`);
  return [m[1].replace(/""/g, '"'), m[2]];
}

export type Engine = 'athena' | 'spark';

export function hiveType(duck: string, engine: Engine): string {
  const t = duck.trim();
  const up = (s: string) => (engine === 'spark' ? s.toUpperCase() : s);
  if (t.endsWith('[]')) return `${up('array')}<${hiveType(t.slice(0, -2), engine)}>`;
  const nested = /^(STRUCT|MAP)\((.*)\)$/s.exec(t);
  if (nested?.[1] === 'STRUCT') {
    const fields = splitTop(nested[2]).map(field);
    return `${up('struct')}<${fields.map(([n, ft]) => `${n}:${hiveType(ft, engine)}`).join(',')}>`;
  }
  if (nested?.[1] === 'MAP') {
    const [k, v] = splitTop(nested[2]);
    return `${up('map')}<${hiveType(k, engine)},${hiveType(v, engine)}>`;
  }
  const dec = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  if (dec) return `${up('decimal')}(${dec[1]},${dec[2]})`;
  const simple: Record<string, string> = {
    VARCHAR: 'string', JSON: 'string', UUID: 'string', BLOB: 'binary',
    BOOLEAN: 'boolean', TINYINT: 'tinyint', SMALLINT: 'smallint', INTEGER: 'int', BIGINT: 'bigint',
    UTINYINT: 'smallint', USMALLINT: 'int', UINTEGER: 'bigint', UBIGINT: 'decimal(20,0)', HUGEINT: 'decimal(38,0)',
    FLOAT: 'float', DOUBLE: 'double', DATE: 'date',
    TIMESTAMP: 'timestamp', 'TIMESTAMP WITH TIME ZONE': 'timestamp', TIMESTAMP_MS: 'timestamp', TIMESTAMP_NS: 'timestamp',
  };
  const h = simple[t];
  if (!h) return up('string');
  return up(h);
}
