"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.validator = validator;
exports.validateEvent = validateEvent;
exports.summarize = summarize;
/** WireEvent validation against the shipped JSON Schema (definitions.wireEvent), with readable reasons. */
const node_fs_1 = __importDefault(require("node:fs"));
const ajv_1 = __importDefault(require("ajv"));
const ajv_formats_1 = __importDefault(require("ajv-formats"));
const limits_1 = require("./limits");
const SCHEMA_PATH = require.resolve('@actionlake/schema/lake-row.schema.json');
let compiled = null;
/** The compiled schema (compiled on first use: about a second; createApp warms it). */
function validator() {
    if (compiled)
        return compiled;
    const schema = JSON.parse(node_fs_1.default.readFileSync(SCHEMA_PATH, 'utf8'));
    const ajv = new ajv_1.default({ allErrors: true, strict: false });
    (0, ajv_formats_1.default)(ajv);
    ajv.addSchema(schema);
    const fn = ajv.getSchema(`${schema.$id}#/definitions/wireEvent`);
    if (!fn)
        throw new Error('lake-row.schema.json has no definitions.wireEvent');
    compiled = fn;
    return fn;
}
/** `/products/0/price` under `events[3]` → `events[3].products[0].price`. */
function pathOf(base, instancePath) {
    return instancePath
        .split('/')
        .slice(1)
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc, p) => (0, limits_1.keyPath)(acc, p), base);
}
function describe(base, e) {
    const where = pathOf(base, e.instancePath);
    switch (e.keyword) {
        case 'pattern':
            return `${where} must match pattern ${e.params.pattern}`;
        case 'enum':
            return `${where} must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        case 'additionalProperties':
            return `${where} must not have property '${(0, limits_1.quoteKey)(String(e.params.additionalProperty))}'`;
        case 'propertyNames':
            return `${where} must not have property '${(0, limits_1.quoteKey)(String(e.params.propertyName))}'`;
        default:
            return `${where} ${e.message ?? 'is invalid'}`;
    }
}
/**
 * Validates one event; `label` names it in the reasons (e.g. `events[3]`). The size limits are
 * checked first (limits.ts), so the schema only ever sees events of bounded size.
 */
function validateEvent(value, label, limits = limits_1.DEFAULT_EVENT_LIMITS) {
    const over = (0, limits_1.checkLimits)(value, label, limits);
    if (over.length)
        return { ok: false, errors: over };
    const fn = validator();
    if (fn(value))
        return { ok: true, event: value };
    const seen = new Set();
    // an unknown field is reported once, by its propertyNames error, not also as the enum it failed
    for (const e of fn.errors ?? [])
        if (!(e.keyword === 'enum' && 'propertyName' in e))
            seen.add(describe(label, e));
    return { ok: false, errors: (0, limits_1.capErrors)([...seen], limits.maxErrors) };
}
/** One line for an API answer: the first few errors. */
function summarize(errors, max = 3) {
    const head = errors.slice(0, max).join('; ');
    return errors.length > max ? `${head}; and ${errors.length - max} more` : head;
}
