/** The collector process: config from the environment, real dependencies, listen, graceful stop. */
import cluster from 'node:cluster';
import fs from 'node:fs';
import v8 from 'node:v8';
import pino from 'pino';
import { createApp, type Collector } from './app';
import { loadConfig } from './config';
import { geoipLiteLookup } from './enrich/geo';
import { LocalFolderSink } from './lake/local-sink';
import { S3Sink } from './lake/s3-sink';
import { runPrimary, workerIndex } from './cluster/primary';
import { adoptOrphanSegments, workerConfig } from './cluster/spool-dirs';
import { WorkerLink } from './cluster/worker';

async function main(): Promise<void> {
  const loaded = loadConfig(process.env);
  // V8 lets the heap grow to ~3× what the last full collection kept (peak RSS ~300 MB under load). At
  // 60 % it marked again almost at once (74–80 full collections per 10 s of 50-event batches); at 120 %
  // 13–26, at 150 % 12–20 but a peak RSS of 278–303 MB in `npm run bench` against 265–282 at 120 %
  if (loaded.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${loaded.heapGrowingPercent}`);
  const logger = pino({ level: loaded.logLevel });
  if (loaded.workers > 1 && cluster.isPrimary) return runPrimary(loaded, logger);
  // a signal while starting (a worker asked to stop as it forks) waits for the start, then stops it
  let collector: Collector | null = null;
  let stopping: string | null = null;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = signal;
    if (collector) close(collector, signal);
  };
  const close = (c: Collector, signal: string) => {
    logger.info({ signal }, 'stopping: flushing the spool to the lake');
    c.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err) => {
        logger.error({ err }, 'could not flush everything; the spool keeps it for the next start');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const index = workerIndex();
  const config = index ? workerConfig(loaded, index) : loaded;
  // segments a run with workers left in their folders: this process alone uploads them now
  if (!index && adoptOrphanSegments(config.spoolDir, 1)) logger.info('spool segments of workers of an earlier run taken over');
  const sink = config.s3 ? new S3Sink(config.s3) : new LocalFolderSink(config.lakeDir);
  const geo = config.geoEnabled ? geoipLiteLookup() : null;
  const link = index ? new WorkerLink(config.dedupWindow) : undefined;
  const started = await createApp({ config, sink, geo, logger, defaultMetrics: true, cluster: link });
  await started.listen(config.port, config.host);
  collector = started;
  const demo = !!config.demoDir && fs.existsSync(config.demoDir);
  logger.info({ url: started.url(), lake: sink.describe, spool: config.spoolDir, collectorId: config.collectorId, worker: index ?? undefined, demo, flushIntervalMs: config.flushIntervalMs }, 'collector listening');
  if (stopping) close(started, stopping);
}

main().catch((err) => {
  // eslint-disable-next-line no-console
  console.error('collector failed to start:', err);
  process.exit(1);
});
