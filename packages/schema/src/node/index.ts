/**
 * `@actionlake/schema/node`: the parts of the lake's contract that the collector and the analyst
 * both apply, kept out of the browser bundles (rollup resolves only the package's `.` entry).
 * Each rule is written once here and imported by both sides.
 */
export { emailSha256, normalizeEmail } from './email';
export { sourceEventId, SOURCE_EVENT_NAMESPACE, uuidV5 } from './event-id';
export * from './lake-layout';
export { decodeSuppressed, encodeSuppressed, hashId, suppressedKey } from './suppression';
export * from './sources-file';
export * from './source-class';
export * from './source-row';
