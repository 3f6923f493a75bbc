/**
 * What a bad row keeps of what was refused (contract §5): the reasons, and the payload itself or, when
 * it is larger than BAD_PAYLOAD_MAX_BYTES or cannot be written as JSON, its text cut on a character
 * boundary or a note. Bounded, so that no refused input costs more than its limit in the lake.
 */
import type { BadRow } from '@actionlake/schema';

export function badRow(receivedAt: string, reason: string, errors: string[], payload: unknown): BadRow {
  return { received_at: receivedAt, reason, errors, payload };
}

/**
 * A refused event as its bad row keeps it: the event itself, or its JSON text cut to
 * BAD_PAYLOAD_MAX_BYTES when longer, or a note where it cannot be written as JSON (e.g. nested
 * 100,000 deep).
 */
export function storable(payload: unknown, maxBytes: number): unknown {
  if (payload === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(payload);
  } catch (err) {
    return `[payload not storable as JSON: ${(err as Error).message}]`;
  }
  return text.length > maxBytes / 3 && Buffer.byteLength(text) > maxBytes ? truncate(text, maxBytes) : payload;
}

export function truncate(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  // cut on a character boundary: drop a partial trailing UTF-8 sequence
  return buf.subarray(0, maxBytes).toString('utf8').replace(/\uFFFD$/, '');
}
