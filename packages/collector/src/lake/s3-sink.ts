/** The lake in S3 or any S3-compatible store, through the AWS SDK v3. */
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { S3Config } from '../config';
import type { LakeSink } from './sink';

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

  async put(key: string, body: Buffer, contentType = 'application/gzip'): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.opts.bucket,
        Key: this.opts.prefix + key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
      }),
    );
  }

  /** GetObject through the same client (same timeouts and attempts as put); no such key: null. */
  async get(key: string): Promise<Buffer | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.opts.prefix + key }));
      if (!res.Body) return Buffer.alloc(0);
      return Buffer.from(await res.Body.transformToByteArray());
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      // a missing bucket is a misconfiguration, not an empty object
      if (e.name === 'NoSuchKey' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket')) return null;
      throw err;
    }
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.opts.bucket }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
