/** @actionlake/analyst as a library: run the CLI in-process, or use the lake and DuckDB pieces. */
export { run, type Io } from './cli/run';
export { UserError } from './cli/errors';
export type { Context } from './context';
export { Duck } from './duck/duck';
export { findLake } from './lake/find';
export type { Lake, LakeObject } from './lake/lake';
export { LocalLake } from './lake/local';
export { S3Lake, type S3LakeOptions } from './lake/s3';
