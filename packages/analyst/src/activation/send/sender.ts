/**
 * `--send`: posts items to a platform in its batch size, one batch at a time, and reports each
 * batch's answer. A 429 or 5xx (or a network error, or an answer the platform marks as transient)
 * is retried with exponential backoff, honouring Retry-After; any other 4xx stops the run with the
 * platform's error shown. Every batch is recorded in the sent-log (./sent-log.ts) before the next
 * one goes, and ids already answered for are not sent again.
 *
 * The limits, from the environment (README "Activation"): ACTIONLAKE_SEND_ATTEMPTS (5 tries per
 * batch), ACTIONLAKE_SEND_RETRY_MS (1000: the first backoff, doubled each time),
 * ACTIONLAKE_SEND_MAX_WAIT_MS (120000: a longer Retry-After stops the run, to be re-run later),
 * ACTIONLAKE_SEND_TIMEOUT_MS (30000 per request).
 *
 * Secrets (tokens) live in the platform's headers and body only: never in the URL, the report or
 * the sent-log.
 */
import { UserError } from '../../ground/errors';
import type { Attempt, SentLog } from './sent-log';

export interface Platform {
  /** 'Meta', 'Google': for the report */
  label: string;
  url: string;
  /** items per request at most */
  maxBatch: number;
  headers(): Record<string, string>;
  body(items: unknown[]): string;
  /** what a 2xx answer refused (by position in the batch), and a short note for the report */
  read(answer: unknown, count: number): { rejected: { index: number; error: string }[]; note: string };
  /** the platform's error, one line */
  error(status: number, answer: unknown): string;
  /** a non-2xx answer worth retrying besides 429 and 5xx (Meta's throttling codes) */
  transient?(status: number, answer: unknown): boolean;
}

export interface SendItem {
  id: string;
  payload: unknown;
}

export interface SendLimits {
  attempts: number;
  retryMs: number;
  maxWaitMs: number;
  timeoutMs: number;
}

export interface SendSummary {
  batches: number;
  accepted: number;
  rejected: number;
  alreadySent: number;
  /** the error that stopped the run */
  stopped: string | null;
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${name} must be a whole number ≥ 0, got "${raw}"`, 2);
  return n;
}

export function sendLimits(env: Record<string, string | undefined>): SendLimits {
  return {
    attempts: Math.max(1, positiveInt(env, 'ACTIONLAKE_SEND_ATTEMPTS', 5)),
    retryMs: positiveInt(env, 'ACTIONLAKE_SEND_RETRY_MS', 1000),
    maxWaitMs: positiveInt(env, 'ACTIONLAKE_SEND_MAX_WAIT_MS', 120_000),
    timeoutMs: Math.max(1, positiveInt(env, 'ACTIONLAKE_SEND_TIMEOUT_MS', 30_000)),
  };
}

/** Retry-After in ms (seconds, or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function answerOf(res: Response): Promise<unknown> {
  const body = await res.text();
  try {
    return JSON.parse(body);
  } catch {
    return body.slice(0, 2000);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function sendAll(items: SendItem[], platform: Platform, log: SentLog, limits: SendLimits, report: (line: string) => void, batchSize = platform.maxBatch): Promise<SendSummary> {
  const done = await log.done();
  const todo = items.filter((i) => !done.has(i.id));
  const summary: SendSummary = { batches: 0, accepted: 0, rejected: 0, alreadySent: items.length - todo.length, stopped: null };
  if (summary.alreadySent) report(`${summary.alreadySent} already sent (sent-log ${log.prefix}): not sent again`);
  if (!todo.length) {
    report(`nothing to send to ${platform.label}`);
    return summary;
  }
  const size = Math.max(1, Math.min(batchSize, platform.maxBatch));
  const total = Math.ceil(todo.length / size);
  for (let b = 0; b < total; b++) {
    const batch = todo.slice(b * size, (b + 1) * size);
    const n = b + 1;
    const name = `batch ${n}/${total} (${batch.length} item${batch.length === 1 ? '' : 's'})`;
    const attempts: Attempt[] = [];
    let status: number | null = null;
    let answer: unknown = null;
    let failure: string | null = null;
    for (let k = 0; ; k++) {
      const at = new Date().toISOString();
      let retryable: boolean;
      let wait: number | null = null;
      try {
        const res = await fetch(platform.url, {
          method: 'POST',
          headers: platform.headers(),
          body: platform.body(batch.map((i) => i.payload)),
          signal: AbortSignal.timeout(limits.timeoutMs),
        });
        status = res.status;
        answer = await answerOf(res);
        if (res.ok) {
          attempts.push({ at, status });
          failure = null;
          break;
        }
        failure = platform.error(status, answer);
        retryable = status === 429 || status >= 500 || Boolean(platform.transient?.(status, answer));
        wait = retryAfterMs(res.headers.get('retry-after'));
      } catch (err) {
        status = null;
        answer = null;
        failure = `no answer: ${(err as Error).message}`;
        retryable = true;
      }
      const delay = wait ?? limits.retryMs * 2 ** k;
      if (!retryable || k + 1 >= limits.attempts || delay > limits.maxWaitMs) {
        attempts.push({ at, status, error: failure });
        if (retryable && delay > limits.maxWaitMs) failure += ` (${platform.label} asks to wait ${Math.ceil(delay / 1000)} s: re-run later)`;
        else if (retryable) failure += ` (after ${k + 1} tries)`;
        break;
      }
      attempts.push({ at, status, error: failure, retry_in_ms: delay });
      report(`${name}: ${status ?? 'no answer'} ${failure}; retrying in ${(delay / 1000).toFixed(delay < 1000 ? 1 : 0)} s${wait !== null ? ' (Retry-After)' : ''}`);
      await sleep(delay);
    }
    summary.batches++;
    const sentAt = attempts[0].at;
    if (failure === null) {
      const { rejected, note } = platform.read(answer, batch.length);
      const refused = new Set(rejected.map((r) => r.index));
      const rec = {
        batch: n, sent_at: sentAt, endpoint: platform.url, outcome: 'sent' as const, status, attempts, answer, unsent: [],
        accepted: batch.filter((_, i) => !refused.has(i)).map((i) => i.id),
        rejected: rejected.map((r) => ({ id: batch[r.index]?.id ?? `#${r.index}`, error: r.error })),
      };
      await log.record(rec);
      summary.accepted += rec.accepted.length;
      summary.rejected += rec.rejected.length;
      report(`${name}: ${status} ${note}`);
      for (const r of rec.rejected) report(`  rejected ${r.id}: ${r.error}`);
      continue;
    }
    await log.record({ batch: n, sent_at: sentAt, endpoint: platform.url, outcome: 'failed', status, attempts, answer, accepted: [], rejected: [], unsent: batch.map((i) => i.id) });
    report(`${name}: ${status ?? 'no answer'} ${failure}`);
    summary.stopped = `${platform.label} answered ${status ?? 'nothing'} to batch ${n}: ${failure}; ${todo.length - b * size} item(s) not sent (a re-run sends them)`;
    break;
  }
  return summary;
}
