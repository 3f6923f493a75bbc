/**
 * WORKERS > 1: several collector processes on one port (node:cluster; the primary accepts and
 * hands connections round-robin to the workers). Each worker is a whole collector with its own
 * spool folder (SPOOL_DIR/worker-<i>), its own dedup window and COLLECTOR_ID-w<i>, so their
 * lake objects never share a name. The primary does no HTTP work: it starts the workers, starts a
 * replacement when one dies, and on SIGTERM/SIGINT stops them all (each flushes its spool) and
 * exits with the worst exit code. A killed primary takes its workers with it (node:cluster ends a
 * worker whose primary is gone); their spools are durable and the next start uploads them.
 */
import cluster, { type Worker } from 'node:cluster';
import { PrimaryRelay } from './live/cluster-relay';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';

const SEGMENT = /^seg-(\d{12})\.ndjson$/;

export function workerSpoolDir(spoolDir: string, index: number): string {
  return path.join(spoolDir, `worker-${index}`);
}

/** The config one worker runs with. */
export function workerConfig(config: Config, index: number): Config {
  return { ...config, spoolDir: workerSpoolDir(config.spoolDir, index), collectorId: `${config.collectorId.slice(0, 60)}-w${index}` };
}

/**
 * Segments no worker would read (left by a run with one process, in SPOOL_DIR itself, or by a run
 * with more workers) are moved into worker 1's folder under new numbers, so they reach the lake.
 */
export function adoptOrphanSegments(spoolDir: string, workers: number): number {
  const target = workerSpoolDir(spoolDir, 1);
  fs.mkdirSync(target, { recursive: true });
  const orphanDirs = [spoolDir];
  for (const d of fs.readdirSync(spoolDir)) {
    const m = /^worker-(\d+)$/.exec(d);
    if (m && Number(m[1]) > workers) orphanDirs.push(path.join(spoolDir, d));
  }
  let next = Math.max(0, ...fs.readdirSync(target).map((f) => Number(SEGMENT.exec(f)?.[1] ?? 0))) + 1;
  let moved = 0;
  for (const dir of orphanDirs) {
    for (const f of fs.readdirSync(dir).filter((f) => SEGMENT.test(f)).sort()) {
      fs.renameSync(path.join(dir, f), path.join(target, `seg-${String(next++).padStart(12, '0')}.ndjson`));
      moved++;
    }
  }
  return moved;
}

export function runPrimary(config: Config, logger: Logger): void {
  fs.mkdirSync(config.spoolDir, { recursive: true });
  const adopted = adoptOrphanSegments(config.spoolDir, config.workers);
  if (adopted) logger.info({ segments: adopted }, 'spool segments of an earlier run handed to worker 1');
  let stopping = false;
  const workers = new Map<number, Worker>();
  let worst = 0;
  const live = new PrimaryRelay(); // a live listener on one worker sees the events of all
  const fork = (index: number) => {
    const w = cluster.fork({ ACTIONLAKE_WORKER: String(index) });
    workers.set(index, w);
    live.attach(w);
    w.on('exit', (code, signal) => {
      workers.delete(index);
      if (stopping) {
        worst = Math.max(worst, code ?? 1);
        if (workers.size === 0) process.exit(worst);
        return;
      }
      logger.error({ worker: index, code, signal }, 'worker died; starting another');
      setTimeout(() => !stopping && fork(index), 1_000).unref();
    });
  };
  for (let i = 1; i <= config.workers; i++) fork(i);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: workers.size }, 'stopping the workers');
    if (workers.size === 0) process.exit(0);
    for (const w of workers.values()) w.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/** In a worker: its index (1-based), or null in a process that is not one. */
export function workerIndex(): number | null {
  return cluster.isWorker ? Number(process.env.ACTIONLAKE_WORKER) || null : null;
}
