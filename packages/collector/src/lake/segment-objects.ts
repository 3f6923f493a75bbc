/**
 * One sealed spool segment → its lake objects: one gzip NDJSON body per partition (kind, site,
 * UTC hour), at most `max` of them: those of sites with standing first (`rank`, site-standing.ts),
 * then the largest; partitions in `skip` (already stored by an earlier attempt), of sites
 * `only` refuses, and events whose id is in `repeats` (another worker's segment stores them), are
 * left out. It runs on the thread that answers requests: the file
 * is read in 1 MiB chunks and a line costs a compare and a copy (the compression itself runs on
 * libuv's thread pool), so a flush takes about 1 % of that thread. A worker thread did this before
 * and cost 55–65 MB of RSS (its own V8 heap) for no measurable gain in CPU per event.
 */
import { decodeLine, type SpoolLine } from '../spool/record';
import { lineChunks, type SegmentStats } from '../spool/segment-reader';
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
  /** at most `max`: sites with standing first, then the largest */
  objects: BuiltObject[];
  /** partitions of the segment still to store, the returned ones included (those `only` took) */
  partitions: number;
  /** whether `only` left partitions out */
  heldBack: boolean;
  stats: SegmentStats;
}

interface Group {
  kind: RowKind;
  site: string;
  hour: string;
  object: GzipObject;
}

const NL = 0x0a;
const TAB = 0x09;
const OPEN_BRACE = 0x7b;

/**
 * The rows of a segment, each added to its partition's object. Consecutive lines of one partition
 * (the common case: one site, one hour) share their `kind<TAB>site<TAB>hour<TAB>` header, so a line
 * whose header equals the previous one's is only compared and copied, not decoded.
 */
export async function buildObjects(file: string, skip: readonly string[], max: number, level?: number, rank: (site: string) => number = () => 0, only?: (site: string) => boolean, repeats?: ReadonlySet<string>): Promise<BuiltSegment> {
  const done = new Set(skip);
  let heldBack = false;
  const stats: SegmentStats = { tornBytes: 0, corruptLines: 0 };
  const groups = new Map<string, Group>();
  /** the last line's header bytes, and its group (null: a partition to skip) */
  let header: Buffer = Buffer.alloc(0);
  let group: Group | null = null;
  try {
    for await (const buf of lineChunks(file, stats, true)) {
      for (let start = 0, nl = buf.indexOf(NL); nl >= 0; start = nl + 1, nl = buf.indexOf(NL, start)) {
        const h = header.length;
        // the row starts after the 4th tab (the id's end); it is a JSON object
        const idEnd = h > 0 && nl - start > h && buf.compare(header, 0, h, start, start + h) === 0 ? buf.indexOf(TAB, start + h) : -1;
        if (idEnd >= 0 && idEnd < nl && buf[idEnd + 1] === OPEN_BRACE) {
          if (repeats && repeats.has(buf.toString('latin1', start + h, idEnd))) continue;
          const pending = group?.object.add(buf, idEnd + 1, nl);
          if (pending) await pending;
          continue;
        }
        const line = decodeLine(buf.subarray(start, nl));
        if (!line) {
          if (nl > start) stats.corruptLines++;
          continue;
        }
        if (repeats && line.kind === 'e' && repeats.has(line.id)) {
          header = Buffer.alloc(0); // the next line is decoded: its group is found again
          continue;
        }
        header = Buffer.from(buf.subarray(start, start + line.kind.length + line.site.length + line.hour.length + 3));
        if (only && !only(line.site)) {
          heldBack = true;
          group = null; // and the lines after it with the same header
          continue;
        }
        group = groupOf(groups, done, line, level);
        const pending = group?.object.add(line.row);
        if (pending) await pending;
      }
    }
    const order = [...groups].sort((a, b) => rank(b[1].site) - rank(a[1].site) || b[1].object.bytes - a[1].object.bytes);
    for (const [, g] of order.slice(max)) g.object.discard();
    const objects = await Promise.all(
      order.slice(0, max).map(async ([partition, g]) => ({ partition, kind: g.kind, site: g.site, hour: g.hour, rows: g.object.rows, body: await g.object.finish() })),
    );
    return { objects, partitions: order.length, heldBack, stats };
  } catch (err) {
    for (const g of groups.values()) g.object.discard();
    throw err;
  }
}

/** The group of a line's partition, created on first use; null when the partition is already stored. */
function groupOf(groups: Map<string, Group>, done: ReadonlySet<string>, line: SpoolLine, level?: number): Group | null {
  const kind: RowKind = line.kind === 'e' ? 'events' : 'bad';
  const partition = partitionPrefix(kind, line.site, line.hour);
  if (done.has(partition)) return null;
  let g = groups.get(partition);
  if (!g) groups.set(partition, (g = { kind, site: line.site, hour: line.hour, object: new GzipObject(level) }));
  return g;
}
