/**
 * The lake as the analyst sees it: a flat key space (`events/site_id=.../x.ndjson.gz`) in a local
 * folder or an S3 bucket + prefix. Keys never include the S3 prefix. Objects are read as streams
 * and written from local files (Parquet is always written locally first, then put).
 */
import type { Readable } from 'node:stream';

export interface LakeObject {
  key: string;
  size: number;
  /** changes whenever the content changes: the S3 ETag, or size + mtime for a local file */
  etag: string;
}

export interface Lake {
  /** where it is, for messages: a folder path or s3://bucket/prefix */
  readonly describe: string;
  /** the local folder of a local lake (DuckDB reads it in place); null for S3 */
  readonly localRoot: string | null;
  /** fails with a UserError when the lake does not exist or cannot be reached */
  check(): Promise<void>;
  /** every object whose key starts with `prefix`, in key order; dot-files (temp, locks) left out */
  list(prefix: string): Promise<LakeObject[]>;
  /** the sub-folder names right under `prefix` (`events/` → `site_id=a`, `site_id=b`) */
  folders(prefix: string): Promise<string[]>;
  /** the object's bytes as a stream; null when it does not exist */
  get(key: string): Promise<Readable | null>;
  /** stores a local file whole under `key` (readers see the old object or the new, never a part) */
  put(key: string, file: string): Promise<void>;
  /** a small object (manifests, JSON) */
  putBytes(key: string, body: Buffer | string): Promise<void>;
  delete(keys: string[]): Promise<void>;
}
