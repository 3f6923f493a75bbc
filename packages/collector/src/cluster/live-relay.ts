/**
 * The live view with WORKERS > 1. A listener's stream is held by one worker, but a site's events
 * land on every worker. Each worker tells the primary how many listeners it holds per site; the
 * primary tells each worker which sites are listened to on *other* workers; a worker forwards only
 * those sites' events, and the primary hands each one to the workers listening. With no listener
 * anywhere, nothing crosses the processes, so ingest pays nothing for the feature.
 */
import type { Worker } from 'node:cluster';
import type { BadRow, LakeRow } from '@actionlake/schema';
import type { LiveHub, LiveKind } from '../live/hub';
import { sendSafely, workerEndpoint, type Endpoint } from './channel';

type Message =
  | { al: 'listeners'; site: string; n: number }
  | { al: 'wanted'; sites: string[] }
  | { al: 'event'; site: string; kind: LiveKind; row: LakeRow | BadRow };

const isMessage = (m: unknown): m is Message => !!m && typeof m === 'object' && typeof (m as { al?: unknown }).al === 'string';

/** In a worker: joins its hub to the other workers' through the primary. */
export function joinWorkers(hub: LiveHub, primary: Endpoint): void {
  const send = (m: Message) => sendSafely(primary, m);
  hub.onListeners = (site, n) => send({ al: 'listeners', site, n });
  hub.forward = (site, kind, row) => send({ al: 'event', site, kind, row }); // only hub.remote's sites
  primary.onMessage((m: unknown) => {
    if (!isMessage(m)) return;
    if (m.al === 'wanted') hub.remote = new Set(m.sites);
    else if (m.al === 'event') hub.deliver(m.site, m.kind, m.row);
  });
}

/** In the primary: the listener counts of every worker, and the events relayed between them. */
export class PrimaryRelay {
  private readonly listening = new Map<Worker, Map<string, number>>();
  private readonly ends = new Map<Worker, Endpoint>();

  attach(w: Worker): void {
    this.listening.set(w, new Map());
    this.ends.set(w, workerEndpoint(w));
    w.on('message', (m: unknown) => {
      if (!isMessage(m)) return;
      if (m.al === 'listeners') {
        const sites = this.listening.get(w);
        if (!sites) return;
        if (m.n > 0) sites.set(m.site, m.n);
        else sites.delete(m.site);
        this.announce();
      } else if (m.al === 'event') {
        for (const [other, sites] of this.listening) if (other !== w && sites.has(m.site)) sendSafely(this.ends.get(other)!, m);
      }
    });
    w.on('online', () => this.announce());
    w.on('exit', () => {
      this.listening.delete(w);
      this.ends.delete(w);
      this.announce();
    });
  }

  /** Tells each worker the sites listened to on the others. */
  private announce(): void {
    for (const w of this.listening.keys()) {
      const sites = new Set<string>();
      for (const [other, s] of this.listening) if (other !== w) for (const site of s.keys()) sites.add(site);
      // a worker that just died may not be marked so yet: sendSafely, never an unhandled EPIPE
      sendSafely(this.ends.get(w)!, { al: 'wanted', sites: [...sites] } satisfies Message);
    }
  }
}
