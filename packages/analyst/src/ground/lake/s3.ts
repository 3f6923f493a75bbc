/**
 * A lake in S3 or any S3-compatible store (S3_BUCKET + S3_* or --s3 s3://BUCKET/PREFIX), through
 * the AWS SDK v3 and the standard credential chain. Keys are relative to the prefix.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { UserError } from '../errors';
import type { Lake, LakeObject } from './lake';

export interface S3LakeOptions {
  bucket: string;
  /** '' or ending in '/' */
  prefix: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** explicit credentials (tests); by default the standard AWS chain */
  credentials?: S3ClientConfig['credentials'];
}

export class S3Lake implements Lake {
  readonly localRoot = null;
  readonly client: S3Client;

  constructor(private readonly o: S3LakeOptions) {
    this.client = new S3Client({
      region: o.region,
      endpoint: o.endpoint,
      forcePathStyle: o.forcePathStyle,
      credentials: o.credentials,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  get describe(): string {
    return `s3://${this.o.bucket}/${this.o.prefix}`;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.o.bucket }));
    } catch (err) {
      const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = e.$metadata?.httpStatusCode;
      const why = status === 404 ? 'no such bucket' : status === 403 ? 'access denied' : e.message || e.name || String(err);
      throw new UserError(`cannot reach the lake ${this.describe}: ${why}`);
    }
  }

  async list(prefix: string): Promise<LakeObject[]> {
    const out: LakeObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: this.o.prefix + prefix, ContinuationToken: token }),
      );
      for (const c of page.Contents ?? []) {
        const key = c.Key!.slice(this.o.prefix.length);
        if (key.split('/').some((part) => part.startsWith('.'))) continue;
        out.push({ key, size: c.Size ?? 0, etag: (c.ETag ?? '').replace(/"/g, '') });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async folders(prefix: string): Promise<string[]> {
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: this.o.prefix + prefix, Delimiter: '/', ContinuationToken: token }),
      );
      for (const p of page.CommonPrefixes ?? []) out.push(p.Prefix!.slice(this.o.prefix.length + prefix.length).replace(/\/$/, ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    if (out.length) return out.sort();
    // Some S3-compatible stores (s3rver) answer no CommonPrefixes for keys with "=": list the keys
    const names = new Set<string>();
    for (const o of await this.list(prefix)) {
      const rest = o.key.slice(prefix.length);
      if (rest.includes('/')) names.add(rest.slice(0, rest.indexOf('/')));
    }
    return [...names].sort();
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.o.prefix + key }));
      return res.Body as Readable;
    } catch (err) {
      if ((err as { name?: string }).name === 'NoSuchKey') return null;
      throw err;
    }
  }

  async put(key: string, file: string): Promise<void> {
    const { size } = await fs.promises.stat(file);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.o.bucket, Key: this.o.prefix + key, Body: fs.createReadStream(file), ContentLength: size }),
    );
  }

  async putBytes(key: string, body: Buffer | string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.o.bucket, Key: this.o.prefix + key, Body: body }));
  }

  async delete(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const chunk = keys.slice(i, i + 1000);
      const res = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.o.bucket, Delete: { Objects: chunk.map((k) => ({ Key: this.o.prefix + k })), Quiet: true } }),
      );
      if (res.Errors?.length) throw new Error(`could not delete ${res.Errors[0].Key}: ${res.Errors[0].Message}`);
    }
  }
}
