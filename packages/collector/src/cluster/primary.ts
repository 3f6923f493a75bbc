/**
 * WORKERS > 1: several collector processes on one port (node:cluster; the primary accepts and
 * hands connections round-robin to the workers). Each worker is a whole collector with its own
 * spool folder (SPOOL_DIR/worker-<i>) and COLLECTOR_ID-w<i>, so their lake objects never share a
 * name. The primary does no HTTP work; it keeps what must be one for the whole collector
 * (worker.ts): the dedup window (dedup-primary.ts), the relay of copies that changed, the sum of
 * the workers' metrics and the live view's relay (live-relay.ts). It starts the workers, starts a
 * replacement when one dies, and on SIGTERM/SIGINT stops them all (each flushes its spool), saves
 * the dedup window and exits with the worst exit code. A killed primary takes its workers with it
 * (node:cluster ends a worker whose primary is gone); their spools are durable and the next start
 * uploads them.
 */
import cluster, { type Worker } from 'node:cluster';
import fs from 'node:fs';
import type { Logger } from 'pino';
import { AggregatorRegistry, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Config } from '../config';
import { Channel, workerEndpoint } from './channel';
import { PrimaryDedup } from './dedup-primary';
import type { SegmentClaim } from './dedup-worker';
import { PrimaryRelay } from './live-relay';
import { adoptOrphanSegments } from './spool-dirs';

/** how long an edit's worker waits for each other worker to drop its copy */
export const COPY_TIMEOUT_MS = 1_000;
/** how long a scrape waits for each worker's metrics */
export const METRICS_TIMEOUT_MS = 3_000;
/** a dead worker is replaced after this */
const RESTART_DELAY_MS = 1_000;

export async function runPrimary(config: Config, logger: Logger): Promise<void> {
  let stopping = false;
  let stop = (_signal: NodeJS.Signals): void => void (stopping = true); // until the workers exist
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  fs.mkdirSync(config.spoolDir, { recursive: true });
  const adopted = adoptOrphanSegments(config.spoolDir, config.workers);
  if (adopted) logger.info({ segments: adopted }, 'spool segments of an earlier run handed to worker 1');
  const workers = new Map<number, { worker: Worker; channel: Channel; index: number }>(); // by cluster worker id
  const dedup = new PrimaryDedup({ capacity: config.dedupWindow, spoolDir: config.spoolDir });
  const saveWindow = () => void dedup.save().catch((err: unknown) => logger.warn({ err }, 'could not save the dedup window'));
  const loaded = await dedup.load();
  if (loaded) logger.info({ ids: dedup.size }, 'dedup window read');
  const registry = new Registry(); // the primary's own process metrics, added to the workers'
  collectDefaultMetrics({ register: registry });
  const live = new PrimaryRelay(); // a live listener on one worker sees the events of all
  const listening = new WeakSet<Worker>();
  let worst = 0;

  const others = (id: number) => [...workers.entries()].filter(([other]) => other !== id).map(([, w]) => w.channel);
  const metrics = async (): Promise<string> => {
    const all = await Promise.all([...workers.values()].map((w) => w.channel.request<MetricObjectWithValues<MetricValue<string>>[]>('metrics-json', undefined, METRICS_TIMEOUT_MS)));
    all.push(await registry.getMetricsAsJSON());
    return AggregatorRegistry.aggregate(all).metrics();
  };

  const fork = (index: number) => {
    const w = cluster.fork({ ACTIONLAKE_WORKER: String(index) });
    const id = w.id;
    const channel = new Channel(workerEndpoint(w), {
      'dedup-holding': (segments) => dedup.holding(index, segments as string[]),
      'dedup-claim': (m) => dedup.claim(index, ...(m as SegmentClaim)),
      'dedup-stored': (segment) => {
        dedup.stored(index, segment as string);
        saveWindow();
      },
      // an edit (or a newer version read) is answered once every other worker dropped its copy
      'copy-changed': async (change) => {
        await Promise.allSettled(others(id).map((c) => c.request('copy-changed', change, COPY_TIMEOUT_MS)));
        return true;
      },
      metrics,
    });
    workers.set(id, { worker: w, channel, index });
    live.attach(w);
    w.on('error', (err) => logger.warn({ err, worker: index }, 'message to a worker failed'));
    w.once('listening', () => listening.add(w));
    w.on('exit', (code, signal) => {
      workers.delete(id);
      channel.close(`worker ${index} is gone`);
      if (stopping) {
        worst = Math.max(worst, code ?? 1);
        if (workers.size === 0) void finish();
        return;
      }
      logger.error({ worker: index, code, signal }, 'worker died; starting another');
      // not unref'd: with every worker dead this timer is all that keeps the primary running
      setTimeout(() => !stopping && fork(index), RESTART_DELAY_MS);
    });
  };
  const finish = async () => {
    await dedup.save().catch((err: unknown) => {
      logger.error({ err }, 'could not save the dedup window');
      worst = Math.max(worst, 1);
    });
    process.exit(worst);
  };
  if (stopping) return void finish(); // asked to stop while reading the window: no worker started
  for (let i = 1; i <= config.workers; i++) fork(i);
  stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, workers: workers.size }, 'stopping the workers');
    if (workers.size === 0) return void finish();
    // a worker still starting is told once it listens: before, its SIGTERM handler may not exist yet
    for (const { worker } of workers.values()) {
      if (listening.has(worker)) worker.process.kill('SIGTERM');
      else worker.once('listening', () => worker.process.kill('SIGTERM'));
    }
  };
}

/** In a worker: its index (1-based), or null in a process that is not one. */
export function workerIndex(): number | null {
  return cluster.isWorker ? Number(process.env.ACTIONLAKE_WORKER) || null : null;
}
