/**
 * Copies of lake objects kept by more than one process of a collector (WORKERS > 1): a site's
 * action definitions (./store.ts) and its suppression list (../suppress/list.ts). Each process
 * remembers the version of each site's object it last read, wrote or was told of; when it meets
 * another, it tells the other workers (`peers`, cluster/worker.ts) and waits until they dropped
 * their copies before it answers with the new one, so no two workers answer different versions
 * one after the other.
 */
import type { Logger } from 'pino';

/** What a process keeps copies of: a site's action definitions, a site's suppression list. */
export type CopyKind = 'actions' | 'suppressed';

/** The other processes of this collector that keep copies too. */
export interface CopyPeers {
  /** Tells them `site`'s `kind` is now `version`; resolves once each has dropped another version. */
  changed(kind: CopyKind, site: string, version: string): Promise<void>;
}

export class KnownVersions {
  private readonly known = new Map<string, string>();

  /** `none`: the version of a site with no object; `max`: sites remembered (least recent forgotten) */
  constructor(private readonly kind: CopyKind, private readonly none: string, private readonly peers?: CopyPeers, private readonly max = 1000, private readonly logger?: Logger) {}

  /** A peer told us (it also dropped nothing then: the version is known). */
  set(site: string, version: string): void {
    this.known.delete(site);
    this.known.set(site, version);
    while (this.known.size > this.max) this.known.delete(this.known.keys().next().value as string);
  }

  /** This process met `version`: when it is new to us, the peers drop theirs before this resolves. */
  async met(site: string, version: string): Promise<void> {
    if (!this.peers || (this.known.get(site) ?? this.none) === version) return;
    this.set(site, version);
    await this.peers.changed(this.kind, site, version).catch((err: unknown) => this.logger?.warn({ err, site, kind: this.kind }, 'could not tell the other workers about a new version'));
  }
}
