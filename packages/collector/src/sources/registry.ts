/**
 * The sources this collector takes, from SOURCES_FILE (sources-file.ts), kept up to date without a
 * restart: the file is looked at every SOURCES_POLL_MS (its size, times and inode: an editor's
 * save-by-rename is seen too) and read again when it changed. Polling rather than fs.watch, which
 * misses renames and behaves differently on every file system. Each worker of WORKERS=N polls on
 * its own, so all agree within one interval.
 *
 * A file that turns invalid (or disappears) is logged with its reasons and the sources in use stay
 * as they were: a typo must not turn every webhook into a 404. At start an invalid file is an
 * error (createApp rejects), so a bad deploy does not come up silently.
 *
 * Write keys are looked up by their SHA-256, so no lookup compares secret bytes one by one.
 * Nothing here logs a source's secret or puts it in a metric.
 */
import crypto, { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { parseSources, SourcesFileError } from '@actionlake/schema/node';
import type { Source } from './types';

export interface RegistryOptions {
  /** SOURCES_FILE; null: no sources (every /v1/hooks/:source is 404, every write key 401) */
  file: string | null;
  /** SOURCES_POLL_MS */
  pollMs: number;
  /** SITES, when set */
  sites?: ReadonlySet<string> | null;
  logger?: Logger;
  /** where the `actionlake_sources*` metrics go */
  metrics?: Registry;
}

/** `crypto.hash` (Node 20.12+): one call per request instead of a Hash object's three */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const keyHash = (key: string): string => (oneShot ? oneShot('sha256', key, 'hex') : createHash('sha256').update(key, 'utf8').digest('hex'));

/** What tells that the file changed, without reading it. */
const stamp = (s: fs.Stats): string => `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

export class SourceRegistry {
  private byId = new Map<string, Source>();
  private byKey = new Map<string, Source>();
  private seen: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private readonly loaded: Gauge | null;
  private readonly failures: Counter | null;

  constructor(private readonly o: RegistryOptions) {
    const registers = o.metrics ? [o.metrics] : [];
    this.loaded = o.metrics ? new Gauge({ name: 'actionlake_sources', help: 'Sources in use, from SOURCES_FILE', registers }) : null;
    this.failures = o.metrics ? new Counter({ name: 'actionlake_sources_file_errors_total', help: 'Reads of SOURCES_FILE refused (invalid or missing); the sources in use stay as they were', registers }) : null;
    this.loaded?.set(0);
    if (o.file) this.apply(this.readNow(o.file));
  }

  /** Starts looking at the file every pollMs. */
  start(): void {
    if (!this.o.file || this.timer) return;
    this.timer = setInterval(() => void this.check(), this.o.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get(id: string): Source | undefined {
    return this.byId.get(id);
  }

  /** The server source whose write key this is. */
  byWriteKey(key: string): Source | undefined {
    return key ? this.byKey.get(keyHash(key)) : undefined;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Reads the file again if it changed since the last look (the timer calls this; so may a test). */
  check(): Promise<void> {
    this.checking ??= this.look().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async look(): Promise<void> {
    const file = this.o.file;
    if (!file) return;
    let now: string;
    let text: string;
    try {
      now = stamp(await fs.promises.stat(file));
      if (now === this.seen) return;
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      if (this.seen === code) return; // said once
      this.seen = code;
      this.failures?.inc();
      this.o.logger?.error({ file, code }, 'SOURCES_FILE cannot be read; the sources in use stay as they were');
      return;
    }
    this.seen = now;
    try {
      this.apply(parseSources(text, file, this.o.sites ?? null));
    } catch (err) {
      this.failures?.inc();
      this.o.logger?.error({ file, reason: (err as Error).message }, 'SOURCES_FILE is invalid; the sources in use stay as they were');
      return;
    }
    this.o.logger?.info({ file, sources: this.size, kinds: this.kinds() }, 'SOURCES_FILE read again');
  }

  private readNow(file: string): Source[] {
    let text: string;
    try {
      const st = fs.statSync(file);
      text = fs.readFileSync(file, 'utf8');
      this.seen = stamp(st);
    } catch (err) {
      throw new SourcesFileError(`SOURCES_FILE ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return parseSources(text, file, this.o.sites ?? null);
  }

  private apply(sources: Source[]): void {
    this.byId = new Map(sources.map((s) => [s.id, s]));
    this.byKey = new Map(sources.filter((s) => s.kind === 'server' && s.write_key).map((s) => [keyHash(s.write_key!), s]));
    this.loaded?.set(sources.length);
  }

  private kinds(): Record<string, number> {
    const n: Record<string, number> = {};
    for (const s of this.byId.values()) n[s.kind] = (n[s.kind] ?? 0) + 1;
    return n;
  }
}
