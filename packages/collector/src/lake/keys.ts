/** Object keys of the lake (contract §5): partition by site and the UTC date and hour of received_at. */
import crypto from 'node:crypto';
import { SITE_ID_PATTERN } from '@actionlake/schema';

export type RowKind = 'events' | 'bad';
export const UNKNOWN_SITE = '_unknown';

/** The site partition of a bad row: the site it names if that is a valid id, else `_unknown`. */
export function badRowSite(site: unknown): string {
  return typeof site === 'string' && SITE_ID_PATTERN.test(site) ? site : UNKNOWN_SITE;
}

/** The UTC hour of a timestamp, `2024-05-01T09`: what a row's partition is made of. */
export function hourOf(receivedAt: string | Date): string {
  return new Date(receivedAt).toISOString().slice(0, 13);
}

/** `events/site_id=shop/dt=2024-05-01/hour=09/` for hour `2024-05-01T09` */
export function partitionPrefix(kind: RowKind, site: string, hour: string): string {
  return `${kind}/site_id=${site}/dt=${hour.slice(0, 10)}/hour=${hour.slice(11, 13)}/`;
}

let sequence = 0;

/**
 * The part of an object name after `<collector_id>-`: time, randomness and a per-process sequence,
 * so it is unique across restarts and collectors. Contains no `-`, so the collector id before it
 * stays unambiguous.
 */
export function uniquePart(now = Date.now()): string {
  sequence = (sequence + 1) % 1_000_000;
  return `${now}_${crypto.randomBytes(5).toString('hex')}_${String(sequence).padStart(6, '0')}`;
}

/** The key of one object: `unique` comes from the spool segment it is made of (spool/segment-name.ts). */
export function objectKey(kind: RowKind, site: string, hour: string, collectorId: string, unique: string): string {
  return `${partitionPrefix(kind, site, hour)}${collectorId}-${unique}.ndjson.gz`;
}
