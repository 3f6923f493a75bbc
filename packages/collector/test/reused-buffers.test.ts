/**
 * Buffers reused under load (the spool's line buffer, a lake object's staging): what each commit
 * and each object holds stays exactly what was added, however often a buffer serves again.
 */
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import type { BadRow } from '@actionlake/schema';
import { GzipObject } from '../src/lake/gzip-object';
import { LineBuffer } from '../src/spool/line-buffer';
import type { SpoolRecord } from '../src/spool/record';

const badRecord = (payload: string): SpoolRecord => ({ k: 'b', s: 'shop', r: { received_at: '2026-11-29T10:00:00.000Z', reason: 'r', errors: [], payload } as BadRow });

describe('the spool line buffer', () => {
  it('serves a group larger than its first size again once written, each group read back as added', () => {
    const lines = new LineBuffer();
    const seen = new Set<ArrayBufferLike>();
    let reused = 0;
    for (let group = 0; group < 6; group++) {
      // ~1.5 MB per group: more than the first 1 MiB, as under load
      const payloads = Array.from({ length: 500 }, () => randomBytes(2500).toString('base64'));
      lines.add(payloads.map(badRecord));
      const data = lines.take();
      expect(lines.records).toBe(0);
      const rows = data.toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l.split('\t')[4]).payload);
      expect(rows).toEqual(payloads);
      if (seen.has(data.buffer)) reused++;
      seen.add(data.buffer);
      lines.release(data);
    }
    // two grown buffers take turns from the third group on
    expect(reused).toBe(4);
  });
});

describe('a lake object built in chunks', () => {
  it('compresses exactly the rows added, over many reuses of its staging buffer', async () => {
    const object = new GzipObject(1);
    const rows = Array.from({ length: 4000 }, (_, i) => `{"n":${i},"x":"${randomBytes(600).toString('hex')}"}`);
    for (const r of rows) await object.add(Buffer.from(r));
    const body = await object.finish();
    expect(zlib.gunzipSync(body).toString('utf8')).toBe(rows.join('\n') + '\n');
  });
});
