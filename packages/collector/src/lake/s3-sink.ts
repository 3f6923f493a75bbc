/** The lake in S3 or any S3-compatible store, through the AWS SDK v3. */
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { S3Config } from '../config';
import { PreconditionFailed, type CallOptions, type LakeSink, type PutCondition, type StoredObject } from './sink';

export type S3SinkOptions = S3Config & {
  /** Explicit credentials (tests); by default the standard AWS chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

export class S3Sink implements LakeSink {
  readonly client: S3Client;

  constructor(private readonly opts: S3SinkOptions) {
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.credentials,
      maxAttempts: opts.maxAttempts,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: new NodeHttpHandler({
        connectionTimeout: opts.connectionTimeoutMs,
        requestTimeout: opts.requestTimeoutMs,
        throwOnRequestTimeout: true,
      }),
    });
  }

  get describe(): string {
    return `s3://${this.opts.bucket}/${this.opts.prefix}`;
  }

  /**
   * PutObject. A `condition` becomes `If-Match: <ETag>` / `If-None-Match: *`, which AWS S3 checks
   * (conditional writes, since 2024): 412 PreconditionFailed, or 409 ConditionalRequestConflict
   * when another conditional write of the key is in flight, both rejected as PreconditionFailed.
   * S3-compatible stores that ignore these headers (s3rver, the S3 of the tests, among them)
   * write unconditionally, so concurrent edits through several collectors can lose one there.
   */
  async put(key: string, body: Buffer, contentType = 'application/gzip', condition?: PutCondition, opts: CallOptions = {}): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: this.opts.prefix + key,
          Body: body,
          ContentType: contentType,
          ContentLength: body.length,
          ...(condition && ('ifMatch' in condition ? { IfMatch: condition.ifMatch } : { IfNoneMatch: '*' })),
        }),
        { abortSignal: opts.signal },
      );
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (condition && (e.name === 'PreconditionFailed' || e.name === 'ConditionalRequestConflict' || e.$metadata?.httpStatusCode === 412)) {
        throw new PreconditionFailed(key);
      }
      throw err;
    }
  }

  /**
   * GetObject through the same client (same timeouts and attempts as put), with the ETag as tag;
   * no such key: null. Needs s3:ListBucket besides s3:GetObject: without it S3 answers a missing
   * key with 403, which is an error here, not an empty object.
   */
  async get(key: string, opts: CallOptions = {}): Promise<StoredObject | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.opts.prefix + key }), { abortSignal: opts.signal });
      const body = res.Body ? Buffer.from(await res.Body.transformToByteArray()) : Buffer.alloc(0);
      return { body, tag: res.ETag ?? '' };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      // a missing bucket is a misconfiguration, not an empty object
      if (e.name === 'NoSuchKey' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket')) return null;
      throw err;
    }
  }

  async check(opts: CallOptions = {}): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.opts.bucket }), { abortSignal: opts.signal });
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
