/** Where finished lake objects go: S3 (or compatible) or a local folder, same keys. */
export interface LakeSink {
  /** Writes one whole object; resolves once it is stored. Never appends. */
  put(key: string, body: Buffer): Promise<void>;
  /** Resolves when the store is reachable and writable enough to try; rejects with the reason. */
  check(): Promise<void>;
  /** Human description for logs, e.g. `s3://bucket/prefix` or a folder path. */
  readonly describe: string;
  close?(): Promise<void>;
}
