/**
 * Finds the lake the way the collector does (contract §5, §6): --s3 s3://BUCKET/PREFIX or --lake DIR
 * first, then S3_BUCKET (+ S3_PREFIX, S3_REGION, S3_ENDPOINT, S3_FORCE_PATH_STYLE), then LAKE_DIR,
 * then ./data/lake.
 */
import { UserError } from '../errors';
import type { Lake } from './lake';
import { LocalLake } from './local';
import type { S3Lake, S3LakeOptions } from './s3';

type Env = Record<string, string | undefined>;

export interface LakeFlags {
  lake?: string;
  s3?: string;
}

function normalPrefix(p: string): string {
  const t = p.replace(/^\/+/, '');
  return t && !t.endsWith('/') ? t + '/' : t;
}

export function s3Options(env: Env, bucket: string, prefix: string): S3LakeOptions {
  return {
    bucket,
    prefix: normalPrefix(prefix),
    region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
    endpoint: env.S3_ENDPOINT || undefined,
    forcePathStyle: /^(1|true|yes|on)$/i.test((env.S3_FORCE_PATH_STYLE ?? '').trim()),
  };
}

/** The AWS SDK takes ~170 ms to load: only a command on an S3 lake pays for it. */
function s3Lake(o: S3LakeOptions): S3Lake {
  const { S3Lake: Lake } = require('./s3') as typeof import('./s3');
  return new Lake(o);
}

export function findLake(flags: LakeFlags, env: Env = process.env): Lake {
  if (flags.lake && flags.s3) throw new UserError('give either --lake or --s3, not both');
  if (flags.s3) {
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(flags.s3);
    if (!m) throw new UserError(`--s3 must look like s3://BUCKET/PREFIX, got "${flags.s3}"`);
    return s3Lake(s3Options(env, m[1], m[2]));
  }
  if (flags.lake) return new LocalLake(flags.lake);
  const bucket = env.S3_BUCKET?.trim();
  if (bucket) return s3Lake(s3Options(env, bucket, env.S3_PREFIX?.trim() ?? ''));
  return new LocalLake(env.LAKE_DIR || './data/lake');
}
