/**
 * Which events must not be stored: those whose anonymous_id, user_id or email_sha256 is on their
 * site's suppression list (./file.ts). Lists are read from the lake and kept like the action definitions
 * (actions/store.ts): answered from memory for `cacheMs`, one read per site at a time, and while
 * the lake cannot be read the last copy (however old) is used and the failure is remembered for
 * FAILED_READ_MEMORY_MS. With no copy at all the site counts as having no list (logged): a lake
 * outage must not stop ingest, and the collector cannot write to the lake then either.
 * An empty list costs nothing per event; otherwise two SHA-256 per event.
 *
 * A copy older than REFRESH_AHEAD of `cacheMs` is still answered from, but read again in the
 * background: while events keep coming, no batch waits for the lake's read (100 – 200 ms under load,
 * during which every request in flight held its rows; bench/README, issue 20's fifth pass), and no
 * copy older than `cacheMs` is ever used (the read has the rest of `cacheMs` to finish; if it has
 * not, the next batch waits for it as before).
 *
 * With WORKERS > 1 the workers' copies expire at different times. The first worker to read a list
 * it did not know tells the others (`peers`), which drop their copies, before it applies it: once
 * one worker answers under the new list, none answers under the old one (issue 23, item 1).
 */
import type { Logger } from 'pino';
import { KnownVersions, type CopyPeers } from '../actions/peers';
import { FAILED_READ_MEMORY_MS } from '../actions/store';
import { withDeadline } from '../lake/deadline';
import type { LakeSink } from '../lake/sink';
import { decodeSuppressed, hashId, suppressedKey } from './file';

export interface SuppressionOptions {
  sink: LakeSink;
  /** the other workers (WORKERS > 1) */
  peers?: CopyPeers;
  cacheMs: number;
  /** a larger suppressed.json is not loaded (SUPPRESSED_MAX_BYTES) */
  maxBytes: number;
  /** deadline of each lake read (LAKE_REQUEST_TIMEOUT_MS): a batch waits for it, so a silent lake must not hold ingest */
  requestTimeoutMs?: number;
  /** sites whose list is kept in memory; default 1000 */
  maxCachedSites?: number;
  now?: () => Date;
  logger?: Logger;
}

const NONE: ReadonlySet<string> = new Set();
/** the share of `cacheMs` after which a copy in use is read again in the background */
export const REFRESH_AHEAD = 0.8;
/** the version of "no list": the lake's tags are never empty */
const NO_LIST = '';

/** The ids of an event that erasure may have listed: a page's event, or a source's (which may have no anonymous_id). */
export interface SuppressionKeys {
  site_id: string;
  anonymous_id?: string;
  user_id?: string | null;
  email_sha256?: string;
}

export class SuppressionList {
  private readonly cache = new Map<string, { hashes: ReadonlySet<string>; version: string; at: number }>();
  private readonly loading = new Map<string, Promise<ReadonlySet<string>>>();
  private readonly failedAt = new Map<string, number>();
  /** the version (lake tag) of each site's list this process last read or was told of (with peers) */
  private readonly known: KnownVersions;
  /** bumped when a peer drops a site's copy, so a read started before is not kept */
  private readonly generation = new Map<string, number>();
  private readonly now: () => Date;

  constructor(private readonly o: SuppressionOptions) {
    this.now = o.now ?? (() => new Date());
    this.known = new KnownVersions('suppressed', NO_LIST, o.peers, o.maxCachedSites ?? 1000, o.logger);
  }

  /** The hashes of a site's list (empty when it has none). Never rejects. */
  async of(site: string): Promise<ReadonlySet<string>> {
    const t = this.now().getTime();
    const hit = this.cache.get(site);
    const failed = this.failedAt.get(site);
    const failedLately = failed !== undefined && t - failed < FAILED_READ_MEMORY_MS;
    if (hit && t - hit.at < this.o.cacheMs) {
      if (t - hit.at >= this.o.cacheMs * REFRESH_AHEAD && !failedLately) void this.load(site);
      return hit.hashes;
    }
    if (failedLately) return hit?.hashes ?? NONE;
    return this.load(site);
  }

  /** Whether the site's list is in memory and young enough to answer from without a read (of() then waits for nothing). */
  inMemory(site: string): boolean {
    const hit = this.cache.get(site);
    return hit !== undefined && this.now().getTime() - hit.at < this.o.cacheMs;
  }

  /** The read of a site's list under way, else a new one. Never rejects. */
  private load(site: string): Promise<ReadonlySet<string>> {
    let p = this.loading.get(site);
    if (!p) {
      const gen = this.generation.get(site) ?? 0;
      p = this.read(site).then(
        async ({ hashes, version }) => {
          this.failedAt.delete(site);
          if ((this.generation.get(site) ?? 0) === gen) this.remember(site, hashes, version);
          await this.known.met(site, version);
          return hashes;
        },
        (err: unknown) => {
          this.failedAt.set(site, this.now().getTime());
          this.trim(this.failedAt);
          const copy = this.cache.get(site)?.hashes;
          this.o.logger?.warn({ err, site, copy: copy?.size ?? null }, copy ? 'could not read the suppression list; using the copy in memory' : 'could not read the suppression list; none applied');
          return copy ?? NONE;
        },
      );
      const done = () => void (this.loading.get(site) === p && this.loading.delete(site));
      p.then(done, done);
      this.loading.set(site, p);
    }
    return p;
  }

  /**
   * For the events of one batch: a test telling whether an event is suppressed, or null when none
   * of their sites has a list (the usual case: nothing to hash).
   */
  async matcher(events: readonly unknown[]): Promise<((e: SuppressionKeys) => boolean) | null> {
    const sites = new Set<string>();
    for (const e of events) {
      const s = (e as { site_id?: unknown } | null)?.site_id;
      if (typeof s === 'string') sites.add(s);
    }
    const lists = new Map<string, ReadonlySet<string>>();
    for (const s of sites) {
      const hashes = await this.of(s);
      if (hashes.size) lists.set(s, hashes);
    }
    if (!lists.size) return null;
    return (e) => {
      const hashes = lists.get(e.site_id);
      if (!hashes) return false;
      return (typeof e.anonymous_id === 'string' && hashes.has(hashId(e.anonymous_id)))
        || (typeof e.user_id === 'string' && hashes.has(hashId(e.user_id)))
        || (typeof e.email_sha256 === 'string' && hashes.has(hashId(e.email_sha256)));
    };
  }

  /** A peer read `version` of the site's list: a copy of another version is dropped. */
  dropCopy(site: string, version: string): void {
    this.known.set(site, version);
    if (this.cache.get(site)?.version === version) return;
    this.cache.delete(site);
    this.generation.set(site, (this.generation.get(site) ?? 0) + 1);
    this.trim(this.generation);
    this.loading.delete(site);
    this.failedAt.delete(site);
  }

  private async read(site: string): Promise<{ hashes: ReadonlySet<string>; version: string }> {
    const key = suppressedKey(site);
    const ms = this.o.requestTimeoutMs;
    const stored = ms
      ? await withDeadline(ms, `reading ${key} (LAKE_REQUEST_TIMEOUT_MS)`, (signal) => this.o.sink.get(key, { signal }))
      : await this.o.sink.get(key);
    if (!stored) return { hashes: NONE, version: NO_LIST };
    if (stored.body.length > this.o.maxBytes) {
      throw new Error(`${key} is ${stored.body.length} bytes; the limit is ${this.o.maxBytes} (SUPPRESSED_MAX_BYTES)`);
    }
    return { hashes: decodeSuppressed(key, stored.body), version: stored.tag || 'untagged' };
  }

  private remember(site: string, hashes: ReadonlySet<string>, version: string): void {
    this.cache.delete(site);
    this.cache.set(site, { hashes, version, at: this.now().getTime() });
    this.trim(this.cache);
  }

  private trim(map: Map<string, unknown>): void {
    const max = this.o.maxCachedSites ?? 1000;
    while (map.size > max) map.delete(map.keys().next().value as string);
  }
}
