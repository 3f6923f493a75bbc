/**
 * What every plain node:http answer of the ingest paths shares (the page's /v1/batch in
 * ingest-handler.ts, the server API in server-api.ts, the webhooks and ops routes): a JSON body
 * with its length, and the Retry-After of a full spool. Its own module so those paths import it
 * from below instead of from each other.
 */
import type { ServerResponse } from 'node:http';
import type { Config } from '../config';

/** Seconds a client should wait when the spool is full: about one flush. */
export function spoolFullRetryAfter(config: Config): number {
  return Math.max(1, Math.min(60, Math.ceil(config.flushIntervalMs / 1000)));
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
