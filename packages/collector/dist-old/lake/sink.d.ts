/** Where finished lake objects go: S3 (or compatible) or a local folder, same keys. */
export interface LakeSink {
    /**
     * Writes one whole object; resolves once it is stored. Never appends: a reader sees the old
     * object or the new one. `contentType` defaults to `application/gzip` (the event objects).
     * With `condition`, the write only happens when the stored object is still the one of
     * `ifMatch` (the `tag` get() returned) or, for `ifNoneMatch`, when there is none; otherwise it
     * rejects with a PreconditionFailed error and stores nothing.
     */
    put(key: string, body: Buffer, contentType?: string, condition?: PutCondition, opts?: CallOptions): Promise<void>;
    /** The whole object and its version tag, or null when there is no object under `key`. */
    get(key: string, opts?: CallOptions): Promise<StoredObject | null>;
    /** Resolves when the store is reachable and writable enough to try; rejects with the reason. */
    check(opts?: CallOptions): Promise<void>;
    /** Human description for logs, e.g. `s3://bucket/prefix` or a folder path. */
    readonly describe: string;
    close?(): Promise<void>;
}
/** `signal`: abort the call (callers also stop waiting: see deadline.ts). */
export interface CallOptions {
    signal?: AbortSignal;
}
export interface StoredObject {
    body: Buffer;
    /** opaque; changes whenever the object is replaced (S3: the ETag) */
    tag: string;
}
/** Write only if the object is still `ifMatch`, or (`ifNoneMatch: true`) if there is none. */
export type PutCondition = {
    ifMatch: string;
} | {
    ifNoneMatch: true;
};
/** The condition of a conditional put did not hold: someone else wrote the object meanwhile. */
export declare class PreconditionFailed extends Error {
    readonly code = "PreconditionFailed";
    constructor(key: string);
}
export declare function isPreconditionFailed(err: unknown): err is PreconditionFailed;
