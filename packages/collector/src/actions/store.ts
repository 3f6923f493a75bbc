/**
 * A site's action definitions, stored in the lake (LakeSink) so they survive restarts and are
 * shared by every collector on the same lake.
 *
 * Edits of one site run one after another in this process, each reading the stored object,
 * changing one definition and writing the whole object back on the condition that it is still the
 * object read (LakeSink put with ifMatch / ifNoneMatch). When another collector on the same lake
 * wrote in between, the edit is applied again to what it wrote (up to EDIT_ATTEMPTS times), so
 * concurrent edits of different ids all survive, and If-Match is checked against what is stored.
 *
 * Reads are answered from memory for up to `cacheMs`; this process's own edits update that copy
 * at once, edits made through another collector show after at most `cacheMs`. With WORKERS > 1 the
 * other workers of this collector are `peers` (./peers.ts): an edit is answered only once each of
 * them has dropped an older copy, and a read that finds a version this process did not know tells
 * them too, so every worker answers the same version (read-your-writes whichever worker the next
 * request reaches). When the lake cannot
 * be read, the last copy in memory (however old) is answered instead, and the failure is
 * remembered for FAILED_READ_MEMORY_MS, so an outage does not cost one lake read per page view.
 */
import type { ActionDefinition } from '@actionlake/schema';
import type { Logger } from 'pino';
import { withDeadline } from '../lake/deadline';
import { isPreconditionFailed, type LakeSink, type PutCondition } from '../lake/sink';
import { actionsKey, decodeActions, EMPTY_VERSION, emptyActions, encodeActions, nextVersion, type StoredActions } from './stored-file';
import { KnownVersions, type CopyPeers } from './peers';
import { SiteQueue } from './site-queue';

/** tries of one edit when other collectors keep writing the site in between */
export const EDIT_ATTEMPTS = 8;
/** how long a failed read of a site is answered from memory (or refused) without asking the lake */
export const FAILED_READ_MEMORY_MS = 2_000;

export interface ActionStoreOptions {
  sink: LakeSink;
  /** the other workers (WORKERS > 1) */
  peers?: CopyPeers;
  cacheMs: number;
  maxPerSite: number;
  maxBytes: number;
  /** sites whose last copy is kept in memory (least recently stored dropped); default 1000 */
  maxCachedSites?: number;
  now?: () => Date;
  /** deadline of each lake read and write (LAKE_REQUEST_TIMEOUT_MS): they answer HTTP requests */
  requestTimeoutMs?: number;
  /** warned when a read fails (once per FAILED_READ_MEMORY_MS and site) */
  logger?: Logger;
}

/** What GET answers: the version (the ETag) and the JSON `{version, actions}`, encoded once. */
export interface ActionSetView {
  version: string;
  json: string;
}

export type EditOutcome =
  | { status: 'saved'; version: string; created: boolean }
  | { status: 'version_mismatch'; version: string }
  | { status: 'not_found'; version: string }
  | { status: 'too_many' | 'too_large'; error: string };

export class ActionStore {
  private readonly queue = new SiteQueue();
  private readonly cache = new Map<string, { view: ActionSetView; at: number }>();
  private readonly loading = new Map<string, Promise<ActionSetView>>();
  /** bumped by every edit of a site, so a read started before it does not cache the old set */
  private readonly generation = new Map<string, number>();
  /** the last failed read of a site: when, and what to throw when there is no copy to answer */
  private readonly failed = new Map<string, { at: number; err: unknown }>();
  /** the last version this process read, wrote or was told of, per site (with peers) */
  private readonly known: KnownVersions;
  private readonly now: () => Date;

  constructor(private readonly o: ActionStoreOptions) {
    this.now = o.now ?? (() => new Date());
    this.known = new KnownVersions('actions', EMPTY_VERSION, o.peers, o.maxCachedSites ?? 1000, o.logger);
  }

  /**
   * The current definitions of a site (version "0" and none when nothing is stored), or the last
   * copy in memory while the lake cannot be read; rejects when the lake fails and there is none.
   */
  async get(site: string): Promise<ActionSetView> {
    const t = this.now().getTime();
    const hit = this.cache.get(site);
    if (hit && t - hit.at < this.o.cacheMs) return hit.view;
    const failure = this.failed.get(site);
    if (failure && t - failure.at < FAILED_READ_MEMORY_MS) {
      if (hit) return hit.view;
      throw failure.err;
    }
    let p = this.loading.get(site);
    if (!p) {
      const gen = this.generation.get(site) ?? 0;
      p = this.read(site).then(
        async ({ file }) => {
          this.failed.delete(site);
          const view = viewOf(file);
          if ((this.generation.get(site) ?? 0) === gen) this.remember(site, view);
          await this.known.met(site, file.version); // a version new to us may be new to other workers
          return view;
        },
        (err: unknown) => this.readFailed(site, err),
      );
      const done = () => {
        if (this.loading.get(site) === p) this.loading.delete(site);
      };
      p.then(done, done);
      this.loading.set(site, p);
    }
    return p;
  }

  private readFailed(site: string, err: unknown): ActionSetView {
    this.failed.delete(site);
    this.failed.set(site, { at: this.now().getTime(), err });
    const max = this.o.maxCachedSites ?? 1000;
    while (this.failed.size > max) this.failed.delete(this.failed.keys().next().value as string);
    const copy = this.cache.get(site);
    this.o.logger?.warn(
      { err, site, served: copy?.view.version ?? null },
      copy ? 'could not read the action definitions; answering the copy in memory' : 'could not read the action definitions',
    );
    if (!copy) throw err;
    return copy.view;
  }

  /**
   * Creates or replaces the definition with `action.id`. `ifMatch`: the versions the editor may
   * have seen (If-Match); when given and none is current, nothing is written.
   */
  put(site: string, action: ActionDefinition, ifMatch?: readonly string[] | null): Promise<EditOutcome> {
    return this.edit(site, ifMatch, (actions) => {
      const i = actions.findIndex((a) => a.id === action.id);
      if (i >= 0) {
        actions[i] = action;
        return { created: false };
      }
      if (actions.length >= this.o.maxPerSite) {
        return `the site has ${actions.length} action definitions; the limit is ${this.o.maxPerSite} (ACTIONS_MAX_PER_SITE)`;
      }
      actions.push(action);
      return { created: true };
    });
  }

  remove(site: string, id: string, ifMatch?: readonly string[] | null): Promise<EditOutcome> {
    return this.edit(site, ifMatch, (actions) => {
      const i = actions.findIndex((a) => a.id === id);
      if (i < 0) return null;
      actions.splice(i, 1);
      return { created: false };
    });
  }

  /**
   * One read-modify-write, queued behind the site's other edits and repeated when the object
   * changed between the read and the write. `change` edits the array in place and returns
   * {created}, null for "no such id", or a string when the site limit says no.
   */
  private edit(site: string, ifMatch: readonly string[] | null | undefined, change: (actions: ActionDefinition[]) => { created: boolean } | null | string): Promise<EditOutcome> {
    return this.queue.run(site, async (): Promise<EditOutcome> => {
      for (let attempt = 1; ; attempt++) {
        const { file: current, condition } = await this.read(site);
        if (ifMatch && !ifMatch.includes(current.version)) return { status: 'version_mismatch', version: current.version };
        const actions = current.actions.slice();
        const changed = change(actions);
        if (changed === null) return { status: 'not_found', version: current.version };
        if (typeof changed === 'string') return { status: 'too_many', error: changed };
        const next: StoredActions = { version: nextVersion(current.version), updated_at: this.now().toISOString(), actions };
        const body = encodeActions(next);
        if (body.length > this.o.maxBytes) {
          return { status: 'too_large', error: `the site's actions would be ${body.length} bytes as JSON; the limit is ${this.o.maxBytes} (ACTIONS_MAX_BYTES)` };
        }
        try {
          await this.lake('writing', (signal) => this.o.sink.put(actionsKey(site), body, 'application/json', condition, { signal }));
        } catch (err) {
          if (!isPreconditionFailed(err) || attempt >= EDIT_ATTEMPTS) throw err;
          // another collector wrote the site: wait a random while (so the two fall out of step), redo
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(5 * 2 ** attempt, 200)));
          continue;
        }
        // reads that started before the write must not cache what they read
        this.generation.set(site, (this.generation.get(site) ?? 0) + 1);
        this.loading.delete(site);
        this.failed.delete(site);
        this.remember(site, viewOf(next));
        await this.known.met(site, next.version); // the next request may reach another worker
        return { status: 'saved', version: next.version, created: changed.created };
      }
    });
  }

  /**
   * A peer says `site` is now `version`: a copy of another version is dropped (and a read under way
   * will not be kept), so the next request reads the lake.
   */
  dropCopy(site: string, version: string): void {
    this.known.set(site, version);
    if (this.cache.get(site)?.view.version === version) return;
    this.cache.delete(site);
    this.generation.set(site, (this.generation.get(site) ?? 0) + 1);
    this.loading.delete(site);
    this.failed.delete(site);
  }

  /** The stored file and the condition under which a write replaces exactly it. */
  private async read(site: string): Promise<{ file: StoredActions; condition: PutCondition | undefined }> {
    const key = actionsKey(site);
    const stored = await this.lake('reading', (signal) => this.o.sink.get(key, { signal }));
    if (!stored) return { file: emptyActions(), condition: { ifNoneMatch: true } };
    return { file: decodeActions(key, stored.body), condition: stored.tag ? { ifMatch: stored.tag } : undefined };
  }

  /** A lake call within the request deadline, if there is one. */
  private lake<T>(what: string, call: (signal?: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.o.requestTimeoutMs;
    return ms ? withDeadline(ms, `${what} the action definitions (LAKE_REQUEST_TIMEOUT_MS)`, call) : call();
  }

  private remember(site: string, view: ActionSetView): void {
    this.cache.delete(site); // re-inserted last: the map's order is the order of storing
    this.cache.set(site, { view, at: this.now().getTime() });
    const max = this.o.maxCachedSites ?? 1000;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string);
  }
}

function viewOf(file: StoredActions): ActionSetView {
  return { version: file.version, json: JSON.stringify({ version: file.version, actions: file.actions }) };
}
