/** Where finished lake objects go: S3 (or compatible) or a local folder, same keys. */
export interface LakeSink {
  /**
   * Writes one whole object; resolves once it is stored. Never appends: a reader sees the old
   * object or the new one. `contentType` defaults to `application/gzip` (the event objects).
   */
  put(key: string, body: Buffer, contentType?: string): Promise<void>;
  /** The whole object, or null when there is no object under `key`. */
  get(key: string): Promise<Buffer | null>;
  /** Resolves when the store is reachable and writable enough to try; rejects with the reason. */
  check(): Promise<void>;
  /** Human description for logs, e.g. `s3://bucket/prefix` or a folder path. */
  readonly describe: string;
  close?(): Promise<void>;
}
