/**
 * An s3rver lake for a test file: started before its tests, stopped after. The analyst finds
 * credentials through the standard AWS chain, like the collector, so they go into process.env.
 */
import fs from 'node:fs';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Sink } from '../../../collector/src/app';
import { startS3rver, type S3rverProcess } from '../../../collector/test/support/s3rver';
import { tempDir } from './lake';

const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Lake {
  /** the s3rver URL, and a temporary folder of the test file */
  readonly endpoint: string;
  readonly root: string;
  /** what `actionlake` needs in its environment to reach the lake */
  env(): Record<string, string>;
  /** a collector's sink writing under `prefix` of bucket `lake` */
  sink(prefix: string): S3Sink;
  client(): S3Client;
}

export function s3Lake(name: string): S3Lake {
  let s3: S3rverProcess;
  let root: string;
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  beforeAll(async () => {
    root = tempDir(name);
    s3 = await startS3rver(path.join(root, 's3rver'), 'lake');
    process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
  }, 30_000);
  afterAll(async () => {
    await s3.stop();
    fs.rmSync(root, { recursive: true, force: true });
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  });
  return {
    get endpoint() { return s3.endpoint; },
    get root() { return root; },
    env: () => ({ S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'us-east-1' }),
    sink: (prefix) => new S3Sink({
      bucket: 'lake', prefix, region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true,
      requestTimeoutMs: 5_000, connectionTimeoutMs: 2_000, maxAttempts: 1, credentials: CREDENTIALS,
    }),
    client: () => new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: CREDENTIALS }),
  };
}
