/**
 * The typed columns of tables/events, derived from packages/schema/lake-row.schema.json (not guessed
 * by read_json_auto): objects with declared properties become STRUCTs, free-form objects
 * (attributes, traits, click_ids, product traits) JSON, arrays lists, date-times TIMESTAMPTZ,
 * numbers DOUBLE. Fields of the contract not yet in the schema (bot, consent: §8) are added with
 * their contract shape so every day's files have the same columns.
 */
import schemaJson from '@actionlake/schema/lake-row.schema.json';
import { ident } from '../ground/duck/duck';

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
};

const schema = schemaJson as unknown as JsonSchema;

export interface Column {
  name: string;
  /** DuckDB type, e.g. VARCHAR, TIMESTAMPTZ, STRUCT("name" VARCHAR, ...), JSON */
  type: string;
}

/** §8 fields for rows written before the schema had them, and until it does. */
const CONTRACT_EXTRAS: Record<string, JsonSchema> = {
  bot: {
    type: 'object',
    properties: { is_bot: { type: 'boolean' }, class: { type: ['string', 'null'] }, reasons: { type: 'array', items: { type: 'string' } } },
  },
  consent: {
    type: 'object',
    properties: { state: { type: 'string' }, gpc: { type: 'boolean' }, source: { type: 'string' } },
  },
};

function resolve(s: JsonSchema): JsonSchema {
  let cur = s;
  while (cur.$ref) {
    const name = cur.$ref.replace('#/definitions/', '');
    const next = schema.definitions?.[name];
    if (!next) throw new Error(`lake-row schema: unknown $ref ${cur.$ref}`);
    cur = { ...next, ...Object.fromEntries(Object.entries(cur).filter(([k]) => k !== '$ref')) };
  }
  return cur;
}

/** The DuckDB type of one JSON Schema node. */
export function duckType(node: JsonSchema): string {
  const s = resolve(node);
  const types = (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []).filter((t) => t !== 'null');
  if (!types.length && s.enum) {
    const kinds = new Set(s.enum.filter((v) => v !== null).map((v) => typeof v));
    if (kinds.size === 1 && kinds.has('string')) return 'VARCHAR';
    return 'JSON';
  }
  if (types.length !== 1) return 'JSON';
  switch (types[0]) {
    case 'object':
      if (!s.properties || !Object.keys(s.properties).length) return 'JSON';
      return `STRUCT(${Object.entries(s.properties).map(([k, v]) => `${ident(k)} ${duckType(v)}`).join(', ')})`;
    case 'array':
      return `${s.items ? duckType(s.items) : 'JSON'}[]`;
    case 'string':
      return s.format === 'date-time' ? 'TIMESTAMPTZ' : 'VARCHAR';
    case 'number':
      return 'DOUBLE';
    case 'integer':
      return 'BIGINT';
    case 'boolean':
      return 'BOOLEAN';
    default:
      return 'JSON';
  }
}

/** Every top-level field of a lake row, in the schema's order: the page's fields, then the collector's. */
export function rawColumns(): Column[] {
  const props: Record<string, JsonSchema> = {};
  const collect = (s: JsonSchema) => {
    const r = resolve(s);
    Object.assign(props, r.properties ?? {});
    for (const part of r.allOf ?? []) collect(part);
  };
  collect(schema);
  const order = [
    ...((schema.definitions?.wireFieldName?.enum ?? []) as string[]),
    ...((schema.definitions?.collectorFieldName?.enum ?? []) as string[]),
  ];
  for (const name of Object.keys(props)) if (!order.includes(name)) order.push(name);
  for (const name of Object.keys(CONTRACT_EXTRAS)) if (!order.includes(name)) order.push(name);
  return order.map((name) => ({ name, type: duckType(props[name] ?? CONTRACT_EXTRAS[name] ?? {}) }));
}

/** The `columns = {...}` argument of read_json for a lake row. */
export function readJsonColumns(cols: Column[] = rawColumns()): string {
  return `{${cols.map((c) => `${ident(c.name)}: '${c.type.replace(/'/g, "''")}'`).join(', ')}}`;
}
