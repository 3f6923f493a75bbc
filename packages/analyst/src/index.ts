/** @actionlake/analyst as a library: run the CLI in-process, or use the lake and DuckDB pieces. */
export { run, type Io } from './cli/run';
export { UserError } from './ground/errors';
export type { Context } from './ground/context';
export { Duck } from './ground/duck/duck';
export { findLake } from './ground/lake/find';
export type { Lake, LakeObject } from './ground/lake/lake';
export { LocalLake } from './ground/lake/local';
export { S3Lake, type S3LakeOptions } from './ground/lake/s3';
