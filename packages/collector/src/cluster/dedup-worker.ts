/**
 * A worker's side of the one dedup window of the collector (WORKERS > 1): before its flusher writes
 * a spool segment to the lake, it asks the primary (dedup-primary.ts) which of the segment's events
 * another segment stores, and leaves those out; once the segment is in the lake it says so. At
 * start it says which segments its spool still holds. One message per segment, not per request.
 *
 * With the primary gone a claim fails: the flush fails and is retried, and the spool keeps the
 * segment (node:cluster ends a worker whose primary is gone anyway).
 */
import type { SegmentRepeats } from '../lake/flusher';
import type { Channel } from './channel';

/** worker → primary: the segment's name and its event ids, 36 characters each, one after another */
export type SegmentClaim = [string, string];

/** a flush waits this long for the primary's answer before it fails (and is retried) */
export const CLAIM_TIMEOUT_MS = 30_000;

export class SegmentClaims implements SegmentRepeats {
  constructor(private readonly channel: Channel) {}

  holding(segments: readonly string[]): void {
    this.channel.post('dedup-holding', segments);
  }

  async claim(segment: string, ids: string): Promise<ReadonlySet<string>> {
    const repeats = await this.channel.request<string[]>('dedup-claim', [segment, ids] satisfies SegmentClaim, CLAIM_TIMEOUT_MS);
    return new Set(repeats);
  }

  stored(segment: string): void {
    this.channel.post('dedup-stored', segment);
  }
}
