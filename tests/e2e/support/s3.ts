import zlib from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startS3rver } from '../../../packages/collector/test/support/s3rver';
import { tempDir } from './collector';

export interface RunningS3 {
  endpoint: string;
  bucket: string;
  client: S3Client;
  /** Env for a collector writing to this bucket. */
  collectorEnv: Record<string, string>;
  stop: () => Promise<void>;
}

/** Starts s3rver on a free port with one empty bucket, and an AWS SDK client for it. */
export async function startS3(bucket = 'lake'): Promise<RunningS3> {
  const server = await startS3rver(tempDir('s3rver'), bucket);
  const endpoint = server.endpoint;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    endpoint,
    bucket,
    client,
    collectorEnv: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    stop: async () => {
      client.destroy();
      await server.stop();
    },
  };
}

/** Every object key in the bucket under `prefix`. */
export async function listKeys(s3: RunningS3, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) keys.push(o.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** The rows of one gzip NDJSON object. */
export async function readObjectRows(s3: RunningS3, key: string): Promise<any[]> {
  const res = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  const bytes = Buffer.from(await res.Body!.transformToByteArray());
  return zlib
    .gunzipSync(bytes)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}
