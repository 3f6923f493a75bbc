/** The lake in S3 or any S3-compatible store, through the AWS SDK v3. */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../config';
import { type CallOptions, type LakeSink, type PutCondition, type StoredObject } from './sink';
export type S3SinkOptions = S3Config & {
    /** Explicit credentials (tests); by default the standard AWS chain. */
    credentials?: {
        accessKeyId: string;
        secretAccessKey: string;
    };
};
export declare class S3Sink implements LakeSink {
    private readonly opts;
    readonly client: S3Client;
    constructor(opts: S3SinkOptions);
    get describe(): string;
    /**
     * PutObject. A `condition` becomes `If-Match: <ETag>` / `If-None-Match: *`, which AWS S3 checks
     * (conditional writes, since 2024): 412 PreconditionFailed, or 409 ConditionalRequestConflict
     * when another conditional write of the key is in flight, both rejected as PreconditionFailed.
     * S3-compatible stores that ignore these headers (s3rver, the S3 of the tests, among them)
     * write unconditionally, so concurrent edits through several collectors can lose one there.
     */
    put(key: string, body: Buffer, contentType?: string, condition?: PutCondition, opts?: CallOptions): Promise<void>;
    /**
     * GetObject through the same client (same timeouts and attempts as put), with the ETag as tag;
     * no such key: null. Needs s3:ListBucket besides s3:GetObject: without it S3 answers a missing
     * key with 403, which is an error here, not an empty object.
     */
    get(key: string, opts?: CallOptions): Promise<StoredObject | null>;
    check(opts?: CallOptions): Promise<void>;
    close(): Promise<void>;
}
