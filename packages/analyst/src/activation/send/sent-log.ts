/**
 * The sent-log: what `--send` sent to a platform and what it answered, one JSON record per batch
 * under `activation/site_id=<site>/<platform>/<destination>/` in the lake (the key layout is
 * @actionlake/schema/node's). A re-run reads it first and sends nothing that a platform already
 * took or refused for good (an id in a batch it answered 2xx: accepted, or rejected with its
 * reason, as Google's partial failures are). A batch that failed (4xx, retries spent) is recorded
 * too, with the platform's answer, and its ids are sent again by the next run.
 *
 * Records hold the lake's event ids and the platform's answer, never a token, never an identifier
 * in clear.
 */
import { randomBytes } from 'node:crypto';
import { activationPrefix } from '@actionlake/schema/node';
import type { Lake } from '../../ground/lake/lake';

export interface Attempt {
  at: string;
  status: number | null;
  /** the wait before the next attempt, and why */
  retry_in_ms?: number;
  error?: string;
}

export interface SentRecord {
  version: 1;
  platform: string;
  destination: string;
  /** the URL posted to (no secret is ever in it) */
  endpoint: string;
  batch: number;
  sent_at: string;
  outcome: 'sent' | 'failed';
  status: number | null;
  attempts: Attempt[];
  /** the ids the platform took */
  accepted: string[];
  /** the ids it refused in a 2xx answer, with its reason */
  rejected: { id: string; error: string }[];
  /** the ids of a failed batch */
  unsent: string[];
  /** the platform's answer (its JSON, or the start of its text) */
  answer: unknown;
}

async function text(lake: Lake, key: string): Promise<string | null> {
  const stream = await lake.get(key);
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

export class SentLog {
  constructor(
    private readonly lake: Lake,
    readonly site: string,
    readonly platform: string,
    readonly destination: string,
  ) {}

  get prefix(): string {
    return activationPrefix(this.site, this.platform, this.destination.replace(/[^A-Za-z0-9_.-]/g, '_'));
  }

  /** Every id a platform answered for (accepted or rejected in a 2xx answer). */
  async done(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const o of await this.lake.list(this.prefix)) {
      if (!o.key.endsWith('.json')) continue;
      const body = await text(this.lake, o.key);
      if (!body) continue;
      let rec: SentRecord;
      try {
        rec = JSON.parse(body);
      } catch {
        continue; // a record cut short is as if the batch had not been sent: Meta and Google deduplicate by id
      }
      if (rec.outcome !== 'sent') continue;
      for (const id of rec.accepted ?? []) ids.add(id);
      for (const r of rec.rejected ?? []) ids.add(r.id);
    }
    return ids;
  }

  async record(rec: Omit<SentRecord, 'version' | 'platform' | 'destination'>): Promise<string> {
    const stamp = rec.sent_at.replace(/[:.]/g, '').replace(/-/g, '');
    const key = `${this.prefix}${stamp}-b${String(rec.batch).padStart(5, '0')}-${randomBytes(4).toString('hex')}.json`;
    const full: SentRecord = { version: 1, platform: this.platform, destination: this.destination, ...rec };
    await this.lake.putBytes(key, JSON.stringify(full, null, 1) + '\n');
    return key;
  }
}
