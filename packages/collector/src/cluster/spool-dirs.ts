/**
 * Where each process of a collector spools (WORKERS > 1: SPOOL_DIR/worker-<i>, one folder per
 * worker, so no two processes ever append to one file), and the hand-over of segments left where
 * no process of this run looks, so a change of WORKERS forgets nothing acknowledged.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { legacySegmentSeq, parseSegmentName } from '../spool/segment-name';

export function workerSpoolDir(spoolDir: string, index: number): string {
  return path.join(spoolDir, `worker-${index}`);
}

/** The config one worker runs with. */
export function workerConfig(config: Config, index: number): Config {
  return { ...config, spoolDir: workerSpoolDir(config.spoolDir, index), collectorId: `${config.collectorId.slice(0, 60)}-w${index}` };
}

/** The sequence number of a segment file (named by this version or an earlier one), or null. */
function segmentSeq(file: string): number | null {
  return parseSegmentName(file)?.seq ?? legacySegmentSeq(file);
}

/**
 * Segments no process of this run would read are moved to one that does, after its own, so they
 * reach the lake: with workers, those in SPOOL_DIR itself (a run with one process) and in the
 * folders of workers beyond WORKERS go to worker 1; with one process, those of every worker folder
 * go to SPOOL_DIR. Only the sequence number of a name changes: its unique part and collector id name
 * the lake objects, and an upload begun before must write the same keys again.
 */
export function adoptOrphanSegments(spoolDir: string, workers: number): number {
  fs.mkdirSync(spoolDir, { recursive: true });
  const target = workers > 1 ? workerSpoolDir(spoolDir, 1) : spoolDir;
  fs.mkdirSync(target, { recursive: true });
  const orphanDirs = workers > 1 ? [spoolDir] : [];
  for (const d of fs.readdirSync(spoolDir)) {
    const m = /^worker-(\d+)$/.exec(d);
    if (m && (workers === 1 || Number(m[1]) > workers)) orphanDirs.push(path.join(spoolDir, d));
  }
  let next = Math.max(0, ...fs.readdirSync(target).map((f) => segmentSeq(f) ?? 0)) + 1;
  let moved = 0;
  for (const dir of orphanDirs) {
    const files = fs.readdirSync(dir).filter((f) => segmentSeq(f) !== null).sort((a, b) => segmentSeq(a)! - segmentSeq(b)!);
    for (const f of files) {
      fs.renameSync(path.join(dir, f), path.join(target, f.replace(/^seg-\d{12}/, `seg-${String(next++).padStart(12, '0')}`)));
      moved++;
    }
  }
  return moved;
}
