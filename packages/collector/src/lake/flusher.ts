/**
 * Moves the spool into the lake: seals the active segment, then for each sealed segment writes one
 * gzip NDJSON object per partition (kind, site, UTC date, hour) and deletes the segment only once
 * all of its objects are stored. Runs every FLUSH_INTERVAL_MS, when the active segment reaches
 * FLUSH_MAX_BYTES, on start (leftovers of a previous run) and on shutdown. Failures are counted,
 * logged and retried with exponential backoff; the spool keeps the data meanwhile.
 *
 * With WORKERS > 1 each segment's event ids are first claimed from the collector's one dedup window
 * (`repeats`, cluster/dedup-worker.ts): the events another worker's segment stores are left out, so
 * a retry that reached both workers is one row in the lake.
 */
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/metrics';
import { segmentIds } from '../spool/segment-reader';
import type { Spool } from '../spool/spool';
import { DeadlineExceeded, untilAborted } from './deadline';
import { objectKey } from './keys';
import { runPool } from './pool';
import { buildObjects, type BuiltObject } from './segment-objects';
import type { SiteStanding } from './site-standing';
import type { LakeSink } from './sink';

/** The collector's one dedup window, asked per segment (WORKERS > 1). */
export interface SegmentRepeats {
  /** at start: the sealed segments of this spool (a claim of any other of ours was stored) */
  holding(segments: readonly string[]): void;
  /** claims the segment's ids (36 characters each, one after another: spool/segment-reader.ts); answers those another segment stores (or the lake holds): left out */
  claim(segment: string, ids: string): Promise<ReadonlySet<string>>;
  /** every object of the segment is stored */
  stored(segment: string): void;
}

export interface FlusherOptions {
  spool: Spool;
  sink: LakeSink;
  metrics: Metrics;
  logger: Logger;
  flushIntervalMs: number;
  flushMaxBytes: number;
  retryMaxDelayMs: number;
  /** objects written at the same time (UPLOAD_CONCURRENCY) */
  uploadConcurrency: number;
  /** partitions (objects) of one segment written per pass (FLUSH_MAX_PARTITIONS); the rest follow in the next pass */
  maxPartitions: number;
  /** zlib level of the objects (LAKE_GZIP_LEVEL) */
  gzipLevel?: number;
  /** runs after each successful flush pass (the app saves the dedup window) */
  afterFlush?: () => Promise<void>;
  /** which sites are written first when a segment has more partitions than one pass writes */
  standing?: SiteStanding;
  /** WORKERS > 1: the one dedup window, asked per segment */
  repeats?: SegmentRepeats | null;
}

export class Flusher {
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private stopped = false;
  /** aborted at the shutdown deadline: the upload under way gives up, the spool keeps its segment */
  private readonly shutdown = new AbortController();
  /** partitions of a segment already stored, so a retry does not write them twice */
  private readonly done = new Map<string, Set<string>>();
  /** per segment: the events another segment stores (claimed once per segment and run) */
  private readonly repeated = new Map<string, ReadonlySet<string>>();
  /** what the pass under way wrote, for its log line */
  private written = { rows: 0, objects: 0 };

  constructor(private readonly o: FlusherOptions) {}

  start(): void {
    this.o.repeats?.holding(this.o.spool.sealed());
    this.timer = setInterval(() => this.trigger(), this.o.flushIntervalMs);
    this.timer.unref();
    if (this.o.spool.sealed().length > 0) this.trigger();
  }

  /** Called after each append: flush early when the active segment is big enough. */
  maybeFlush(): void {
    if (this.o.spool.activeBytes >= this.o.flushMaxBytes) this.trigger();
  }

  /** Background flush; errors are logged and retried. */
  trigger(): void {
    if (this.stopped) return;
    this.flush().catch((err) => this.scheduleRetry(err));
  }

  /** Flushes everything spooled so far; rejects if any object could not be written. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true; // the running pass loops once more and picks up what was appended since
      return this.running;
    }
    this.running = this.flushOnce().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Stops the timers and flushes until the spool is empty or `timeoutMs` passes. */
  async close(timeoutMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const deadline = Date.now() + timeoutMs;
    const giveUp = setTimeout(() => this.shutdown.abort(new DeadlineExceeded('the final flush (SHUTDOWN_TIMEOUT_MS)', timeoutMs)), timeoutMs);
    let delay = 200;
    try {
      for (;;) {
        try {
          await untilAborted(this.flush(), this.shutdown.signal);
          return;
        } catch (err) {
          if (this.shutdown.signal.aborted || Date.now() + delay > deadline) throw err;
          this.o.logger.warn({ err }, 'lake write failed during shutdown, retrying');
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 5_000);
        }
      }
    } finally {
      clearTimeout(giveUp);
    }
  }

  private scheduleRetry(err: unknown): void {
    this.failures += 1;
    const delay = Math.min(1_000 * 2 ** (this.failures - 1), this.o.retryMaxDelayMs);
    this.o.logger.error({ err, retryInMs: delay }, 'lake write failed; the spool keeps the data');
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.trigger();
    }, delay);
    this.retryTimer.unref();
  }

  private async flushOnce(): Promise<void> {
    this.written = { rows: 0, objects: 0 };
    this.o.standing?.turn();
    do {
      this.again = false;
      // a spool that cannot start its next segment says so at /readyz and on append; upload what is sealed
      await this.o.spool.rotate().catch((err) => this.o.logger.error({ err }, 'could not seal the active spool segment'));
      // with several segments waiting (a flood's takes passes), the partitions of sites with standing
      // in any of them go first: a real site's row in the newest does not wait for an older one's rest
      if (this.o.standing && this.o.spool.sealed().length > 1) await this.uploadAll(true);
      await this.uploadAll(false);
    } while (this.again);
    this.failures = 0;
    // one line per pass that wrote something: someone trying the demo sees when rows arrive
    const { rows, objects } = this.written;
    if (rows) this.o.logger.info({ rows, objects, lake: this.o.sink.describe }, 'rows written to the lake');
    await this.o.afterFlush?.().catch((err) => this.o.logger.warn({ err }, 'after-flush step failed'));
  }

  /** Each sealed segment in turn; `standingOnly`: only the partitions of sites with standing. */
  private async uploadAll(standingOnly: boolean): Promise<void> {
    const standing = this.o.standing;
    const seen = standing?.seq;
    for (const seg of this.o.spool.sealed()) {
      // amid a flood (a segment had more partitions than one pass), rows of sites with standing that
      // came in meanwhile are sealed and written before the next segment's pass (the loop goes round)
      if (!standingOnly && this.again && standing && standing.seq !== seen) return;
      try {
        await this.uploadSegment(seg, standingOnly);
      } catch (err) {
        // removed from under us (the spool folder was deleted): counted and logged as lost by the spool
        if ((await this.o.spool.forgetMissing()) > 0 && !this.o.spool.sealed().includes(seg)) continue;
        throw err;
      }
    }
  }

  /** Writes a sealed segment as one object per partition; deletes it once all are stored. */
  private async uploadSegment(segment: string, standingOnly = false): Promise<void> {
    const done = this.done.get(segment) ?? new Set<string>();
    this.done.set(segment, done);
    // compressed off this thread; sites with standing first, then the largest partitions, at most
    // FLUSH_MAX_PARTITIONS per pass, UPLOAD_CONCURRENCY at a time: a real site's events are not
    // queued behind thousands of one-row partitions of made-up sites
    const rank = this.o.standing?.rank;
    const only = standingOnly && rank ? (site: string) => rank(site) > 0 : undefined;
    const repeats = await untilAborted(this.repeatsOf(segment), this.shutdown.signal);
    const built = await untilAborted(buildObjects(this.o.spool.file(segment), [...done], this.o.maxPartitions, this.o.gzipLevel, rank, only, repeats), this.shutdown.signal);
    if (built.stats.tornBytes || built.stats.corruptLines) this.o.logger.warn({ segment, ...built.stats }, 'spool segment had an incomplete or unreadable line; skipped it');
    await runPool(built.objects, this.o.uploadConcurrency, async (object) => {
      await this.write(segment, object);
      done.add(object.partition);
    });
    if (built.partitions > built.objects.length) {
      this.o.logger.info({ segment, partitions: built.partitions, left: built.partitions - built.objects.length }, 'more partitions than FLUSH_MAX_PARTITIONS: the rest go in the next pass');
      this.again = true;
      return;
    }
    if (built.heldBack) return; // the other sites' partitions: in the sweep after
    await this.o.spool.remove(segment);
    this.done.delete(segment);
    if (this.repeated.delete(segment)) this.o.repeats?.stored(segment);
  }

  /** The events of `segment` that another segment stores (WORKERS > 1), counted as duplicates once. */
  private async repeatsOf(segment: string): Promise<ReadonlySet<string> | undefined> {
    if (!this.o.repeats) return undefined;
    let repeats = this.repeated.get(segment);
    if (!repeats) {
      repeats = await this.o.repeats.claim(segment, await segmentIds(this.o.spool.file(segment)));
      this.repeated.set(segment, repeats);
      this.o.metrics.eventsDuplicate.inc(repeats.size);
    }
    return repeats.size ? repeats : undefined;
  }

  private async write(segment: string, object: BuiltObject): Promise<void> {
    // named after the segment: writing it again (after a failure or a crash) replaces the same object
    const { collectorId, unique } = this.o.spool.segment(segment);
    const key = objectKey(object.kind, object.site, object.hour, collectorId, unique);
    const body = object.body;
    const end = this.o.metrics.lakeWriteDuration.startTimer();
    try {
      await this.o.sink.put(key, body, undefined, undefined, { signal: this.shutdown.signal });
    } catch (err) {
      this.o.metrics.lakeWriteFailures.inc();
      throw err;
    } finally {
      end();
    }
    this.o.metrics.lakeBytesWritten.inc(body.length);
    this.o.metrics.lakeObjectsWritten.inc({ kind: object.kind });
    this.written.rows += object.rows;
    this.written.objects++;
    this.o.logger.debug({ key, rows: object.rows, bytes: body.length }, 'lake object written');
  }
}
