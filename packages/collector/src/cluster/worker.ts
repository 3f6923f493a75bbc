/**
 * In a worker (WORKERS > 1): what makes several processes one collector, all through the primary
 * (primary.ts), since node:cluster processes share no memory:
 *
 *   repeats  the one dedup window, asked once per spool segment at flush (dedup-worker.ts ↔ dedup-primary.ts)
 *   peers    the other workers' copies of action definitions and suppression lists: dropped when
 *            this worker saved or read a newer version, before it answers (actions/store.ts)
 *   scrape   /metrics of the whole collector: every worker's registry and the primary's, summed by
 *            prom-client's AggregatorRegistry.aggregate
 *   live     the live view's events of sites listened to on other workers (live-relay.ts)
 *
 * createApp(deps) takes it as `deps.cluster` and calls attach() once its parts exist.
 */
import type { Registry } from 'prom-client';
import type { CopyKind, CopyPeers } from '../actions/peers';
import type { SegmentRepeats } from '../lake/flusher';
import type { ActionStore } from '../actions/store';
import type { LiveHub } from '../live/hub';
import type { SuppressionList } from '../suppress/list';
import { Channel, processEndpoint } from './channel';
import { SegmentClaims } from './dedup-worker';
import { joinWorkers } from './live-relay';

/** What a worker answers for, once createApp has built it. */
export interface WorkerParts {
  registry: Registry;
  actions: ActionStore;
  suppression: SuppressionList;
  live: LiveHub;
}

export interface CopyChange {
  kind: CopyKind;
  site: string;
  version: string;
}

/** a /metrics answer of the whole collector waits this long for the primary */
export const SCRAPE_TIMEOUT_MS = 5_000;

export class WorkerLink {
  /** null with DEDUP_WINDOW=0 */
  readonly repeats: SegmentRepeats | null;
  readonly peers: CopyPeers;
  private parts: WorkerParts | null = null;
  private readonly channel: Channel;

  /** `dedupWindow` 0: nothing to share, repeats are never looked for */
  constructor(dedupWindow: number) {
    const endpoint = processEndpoint();
    this.channel = new Channel(endpoint, {
      'copy-changed': (change) => this.dropCopy(change as CopyChange),
      'metrics-json': () => this.parts?.registry.getMetricsAsJSON() ?? [],
    });
    this.repeats = dedupWindow > 0 ? new SegmentClaims(this.channel) : null;
    this.peers = { changed: (kind, site, version) => this.channel.request('copy-changed', { kind, site, version } satisfies CopyChange) };
    process.once('disconnect', () => this.channel.close('primary is gone'));
  }

  /** Joins the parts createApp built: the primary may now ask for their metrics and copies. */
  attach(parts: WorkerParts): void {
    this.parts = parts;
    joinWorkers(parts.live, processEndpoint());
  }

  /** The Prometheus text of the whole collector. */
  scrape(): Promise<string> {
    return this.channel.request<string>('metrics', undefined, SCRAPE_TIMEOUT_MS);
  }

  private dropCopy({ kind, site, version }: CopyChange): boolean {
    if (kind === 'actions') this.parts?.actions.dropCopy(site, version);
    else this.parts?.suppression.dropCopy(site, version);
    return true;
  }
}
