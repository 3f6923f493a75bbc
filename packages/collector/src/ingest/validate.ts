/**
 * Event validation against the shipped JSON Schema, with readable reasons: a page's events against
 * definitions.wireEvent, the rows a source's events make (sources/common-path.ts) against
 * definitions.sourceEvent.
 */
import fs from 'node:fs';
import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { WireEvent } from '@actionlake/schema';
import { isDateTime } from './date-time';
import { capErrors, checkLimits, DEFAULT_EVENT_LIMITS, keyPath, quoteKey, type EventLimits } from './limits';

const SCHEMA_PATH = require.resolve('@actionlake/schema/lake-row.schema.json');

interface Compiled {
  /** every reason (allErrors), lengths in code points: the verdict and the reasons */
  full: ValidateFunction;
  /**
   * First error only, lengths in UTF-16 units (no code-point count per string: ~40 % of the
   * schema's time). A string within a maxLength in units is within it in code points, so where
   * unitLengthsAreSafe(schema), an event it accepts the full one accepts too; what it refuses is
   * decided by `full` (e.g. 200 emoji are 400 units). Null where the schema is not so.
   */
  quick: ValidateFunction | null;
}

let compiled: Compiled | null = null;

function compile(schema: { $id: string }, options: Options, definition = 'wireEvent'): ValidateFunction {
  const ajv = new Ajv({ strict: false, ...options });
  addFormats(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
  ajv.addSchema(schema);
  const fn = ajv.getSchema(`${schema.$id}#/definitions/${definition}`);
  if (!fn) throw new Error(`lake-row.schema.json has no definitions.${definition}`);
  return fn;
}

const readSchema = () => JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8'));

/**
 * Whether a validator counting lengths in UTF-16 units accepts nothing that one counting code points
 * refuses: every length keyword must count for acceptance, never against it (no `not`, `if` or
 * `oneOf`, where a length that holds can make an event fail), and no minLength above 1.
 */
export function unitLengthsAreSafe(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return true;
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'not' || k === 'if' || k === 'oneOf' || (k === 'minLength' && typeof v === 'number' && v > 1)) return false;
    if (!unitLengthsAreSafe(v)) return false;
  }
  return true;
}

/** The compiled schema (compiled on first use: about a second; createApp warms it). */
export function validator(): Compiled {
  if (compiled) return compiled;
  const schema = readSchema();
  // `unicode: false` is deprecated in ajv 8 but kept (it would warn once: logger off for this copy)
  const quick = unitLengthsAreSafe(schema) ? compile(schema, { allErrors: false, unicode: false, logger: false }) : null;
  compiled = { full: compile(schema, { allErrors: true }), quick };
  return compiled;
}

/** `/products/0/price` under `events[3]` → `events[3].products[0].price`. */
function pathOf(base: string, instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => keyPath(acc, p), base);
}

function describe(base: string, e: ErrorObject): string {
  const where = pathOf(base, e.instancePath);
  switch (e.keyword) {
    case 'pattern':
      return `${where} must match pattern ${e.params.pattern}`;
    case 'enum':
      return `${where} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'additionalProperties':
      return `${where} must not have property '${quoteKey(String(e.params.additionalProperty))}'`;
    case 'propertyNames':
      return `${where} must not have property '${quoteKey(String(e.params.propertyName))}'`;
    default:
      return `${where} ${e.message ?? 'is invalid'}`;
  }
}

let sourceCompiled: Compiled | null = null;

/** definitions.sourceEvent, as validator() compiles definitions.wireEvent (on first use) */
export function sourceValidator(): Compiled {
  if (sourceCompiled) return sourceCompiled;
  const schema = readSchema();
  const quick = unitLengthsAreSafe(schema) ? compile(schema, { allErrors: false, unicode: false, logger: false }, 'sourceEvent') : null;
  sourceCompiled = { full: compile(schema, { allErrors: true }, 'sourceEvent'), quick };
  return sourceCompiled;
}

export type Validation = { ok: true; event: WireEvent } | { ok: false; errors: string[] };

/**
 * Validates one event; `label` names it in the reasons (e.g. `events[3]`). The size limits are
 * checked first (limits.ts), so the schema only ever sees events of bounded size.
 */
export function validateEvent(value: unknown, label: string, limits: EventLimits = DEFAULT_EVENT_LIMITS): Validation {
  const over = checkLimits(value, label, limits);
  if (over.length) return { ok: false, errors: over };
  const { full: fn, quick } = validator();
  if (quick?.(value) || fn(value)) return { ok: true, event: value as unknown as WireEvent };
  return { ok: false, errors: reasonsOf(fn, label, limits) };
}

/** validateEvent for a source's event made into a row (definitions.sourceEvent). */
export function validateSourceEvent(value: unknown, label: string, limits: EventLimits = DEFAULT_EVENT_LIMITS): Validation {
  const over = checkLimits(value, label, limits);
  if (over.length) return { ok: false, errors: over };
  const { full: fn, quick } = sourceValidator();
  if (quick?.(value) || fn(value)) return { ok: true, event: value as unknown as WireEvent };
  return { ok: false, errors: reasonsOf(fn, label, limits) };
}

function reasonsOf(fn: ValidateFunction, label: string, limits: EventLimits): string[] {
  const seen = new Set<string>();
  // an unknown field is reported once, by its propertyNames error, not also as the enum it failed
  for (const e of fn.errors ?? []) if (!(e.keyword === 'enum' && 'propertyName' in e)) seen.add(describe(label, e));
  return capErrors([...seen], limits.maxErrors);
}

/** One line for an API answer: the first few errors. */
export function summarize(errors: string[], max = 3): string {
  const head = errors.slice(0, max).join('; ');
  return errors.length > max ? `${head}; and ${errors.length - max} more` : head;
}
