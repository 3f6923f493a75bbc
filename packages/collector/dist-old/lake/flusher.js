"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Flusher = void 0;
const deadline_1 = require("./deadline");
const keys_1 = require("./keys");
const pool_1 = require("./pool");
const segment_builder_1 = require("./segment-builder");
class Flusher {
    o;
    timer = null;
    retryTimer = null;
    running = null;
    again = false;
    failures = 0;
    stopped = false;
    /** aborted at the shutdown deadline: the upload under way gives up, the spool keeps its segment */
    shutdown = new AbortController();
    builder = new segment_builder_1.SegmentBuilder();
    /** partitions of a segment already stored, so a retry does not write them twice */
    done = new Map();
    constructor(o) {
        this.o = o;
    }
    start() {
        this.timer = setInterval(() => this.trigger(), this.o.flushIntervalMs);
        this.timer.unref();
        if (this.o.spool.sealed().length > 0)
            this.trigger();
    }
    /** Called after each append: flush early when the active segment is big enough. */
    maybeFlush() {
        if (this.o.spool.activeBytes >= this.o.flushMaxBytes)
            this.trigger();
    }
    /** Background flush; errors are logged and retried. */
    trigger() {
        if (this.stopped)
            return;
        this.flush().catch((err) => this.scheduleRetry(err));
    }
    /** Flushes everything spooled so far; rejects if any object could not be written. */
    flush() {
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
    async close(timeoutMs) {
        this.stopped = true;
        if (this.timer)
            clearInterval(this.timer);
        if (this.retryTimer)
            clearTimeout(this.retryTimer);
        const deadline = Date.now() + timeoutMs;
        const giveUp = setTimeout(() => this.shutdown.abort(new deadline_1.DeadlineExceeded('the final flush (SHUTDOWN_TIMEOUT_MS)', timeoutMs)), timeoutMs);
        let delay = 200;
        try {
            for (;;) {
                try {
                    await (0, deadline_1.untilAborted)(this.flush(), this.shutdown.signal);
                    return;
                }
                catch (err) {
                    if (this.shutdown.signal.aborted || Date.now() + delay > deadline)
                        throw err;
                    this.o.logger.warn({ err }, 'lake write failed during shutdown, retrying');
                    await new Promise((r) => setTimeout(r, delay));
                    delay = Math.min(delay * 2, 5_000);
                }
            }
        }
        finally {
            clearTimeout(giveUp);
            await this.builder.close();
        }
    }
    scheduleRetry(err) {
        this.failures += 1;
        const delay = Math.min(1_000 * 2 ** (this.failures - 1), this.o.retryMaxDelayMs);
        this.o.logger.error({ err, retryInMs: delay }, 'lake write failed; the spool keeps the data');
        if (this.stopped || this.retryTimer)
            return;
        this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.trigger();
        }, delay);
        this.retryTimer.unref();
    }
    async flushOnce() {
        do {
            this.again = false;
            // a spool that cannot start its next segment says so at /readyz and on append; upload what is sealed
            await this.o.spool.rotate().catch((err) => this.o.logger.error({ err }, 'could not seal the active spool segment'));
            for (const seg of this.o.spool.sealed()) {
                try {
                    await this.uploadSegment(seg);
                }
                catch (err) {
                    // removed from under us (the spool folder was deleted): counted and logged as lost by the spool
                    if ((await this.o.spool.forgetMissing()) > 0 && !this.o.spool.sealed().includes(seg))
                        continue;
                    throw err;
                }
            }
        } while (this.again);
        this.failures = 0;
        await this.o.afterFlush?.().catch((err) => this.o.logger.warn({ err }, 'after-flush step failed'));
    }
    /** Writes a sealed segment as one object per partition; deletes it once all are stored. */
    async uploadSegment(segment) {
        const done = this.done.get(segment) ?? new Set();
        this.done.set(segment, done);
        // read and compressed off this thread; the largest partitions first, at most FLUSH_MAX_PARTITIONS
        // per pass, UPLOAD_CONCURRENCY at a time: a real site's events are not queued behind thousands
        // of one-row partitions of made-up sites
        const built = await (0, deadline_1.untilAborted)(this.builder.build(this.o.spool.file(segment), [...done], this.o.maxPartitions), this.shutdown.signal);
        if (built.stats.tornBytes || built.stats.corruptLines)
            this.o.logger.warn({ segment, ...built.stats }, 'spool segment had an incomplete or unreadable line; skipped it');
        await (0, pool_1.runPool)(built.objects, this.o.uploadConcurrency, async (object) => {
            await this.write(segment, object);
            done.add(object.partition);
        });
        if (built.partitions > built.objects.length) {
            this.o.logger.info({ segment, partitions: built.partitions, left: built.partitions - built.objects.length }, 'more partitions than FLUSH_MAX_PARTITIONS: the rest go in the next pass');
            this.again = true;
            return;
        }
        await this.o.spool.remove(segment);
        this.done.delete(segment);
    }
    async write(segment, object) {
        // named after the segment: writing it again (after a failure or a crash) replaces the same object
        const { collectorId, unique } = this.o.spool.segment(segment);
        const key = (0, keys_1.objectKey)(object.kind, object.site, object.hour, collectorId, unique);
        const body = object.body;
        const end = this.o.metrics.lakeWriteDuration.startTimer();
        try {
            await this.o.sink.put(key, body, undefined, undefined, { signal: this.shutdown.signal });
        }
        catch (err) {
            this.o.metrics.lakeWriteFailures.inc();
            throw err;
        }
        finally {
            end();
        }
        this.o.metrics.lakeBytesWritten.inc(body.length);
        this.o.metrics.lakeObjectsWritten.inc({ kind: object.kind });
        this.o.logger.debug({ key, rows: object.rows, bytes: body.length }, 'lake object written');
    }
}
exports.Flusher = Flusher;
