/**
 * One sealed spool segment → its lake objects: one gzip NDJSON body per partition (kind, site,
 * UTC hour), the largest partitions first and at most `max` of them; partitions in `skip` (already
 * stored by an earlier attempt) are left out. Pure file work: it runs in the segment worker
 * (segment-worker.ts) so that reading and compressing stay off the thread that answers requests.
 */
import { readSegment, type SegmentStats } from '../spool/segment-reader';
import { GzipObject } from './gzip-object';
import { partitionPrefix, type RowKind } from './keys';

export interface BuiltObject {
  partition: string;
  kind: RowKind;
  site: string;
  hour: string;
  rows: number;
  body: Buffer;
}

export interface BuiltSegment {
  /** at most `max`, largest first */
  objects: BuiltObject[];
  /** partitions of the segment still to store, the returned ones included */
  partitions: number;
  stats: SegmentStats;
}

interface Group {
  kind: RowKind;
  site: string;
  hour: string;
  object: GzipObject;
}

export async function buildObjects(file: string, skip: readonly string[], max: number): Promise<BuiltSegment> {
  const done = new Set(skip);
  const stats: SegmentStats = { tornBytes: 0, corruptLines: 0 };
  const groups = new Map<string, Group>();
  try {
    for await (const line of readSegment(file, stats)) {
      const kind: RowKind = line.kind === 'e' ? 'events' : 'bad';
      const partition = partitionPrefix(kind, line.site, line.hour);
      if (done.has(partition)) continue;
      let g = groups.get(partition);
      if (!g) groups.set(partition, (g = { kind, site: line.site, hour: line.hour, object: new GzipObject() }));
      await g.object.add(line.row);
    }
    const order = [...groups].sort((a, b) => b[1].object.bytes - a[1].object.bytes);
    for (const [, g] of order.slice(max)) g.object.discard();
    const objects = await Promise.all(
      order.slice(0, max).map(async ([partition, g]) => ({ partition, kind: g.kind, site: g.site, hour: g.hour, rows: g.object.rows, body: await g.object.finish() })),
    );
    return { objects, partitions: order.length, stats };
  } catch (err) {
    for (const g of groups.values()) g.object.discard();
    throw err;
  }
}
