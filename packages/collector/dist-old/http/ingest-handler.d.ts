/**
 * POST /v1/batch on plain node:http (Express and body-parser cost a quarter of a single-event
 * request): refuse early what we cannot take (429 rate limit, 429 this client's spool share,
 * 503 spool full, 403 origin, 415 type), read the body within MAX_BODY_BYTES (413), parse it (400),
 * hand it to the Ingestor. Every refusal after the checks that cost nothing is also stored as a
 * bad row. The server calls it before Express (app.ts listen()); batch-route.ts mounts the same
 * handler in Express for embedders who serve `collector.app` themselves.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Ingestor } from '../ingest/ingestor';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
import { SpoolShares } from './rate-limit';
export interface IngestDeps {
    config: Config;
    ingestor: Ingestor;
    spool: Spool;
    metrics: Metrics;
    logger: Logger;
    now: () => Date;
}
/** Seconds a client should wait when the spool is full: about one flush. */
export declare function spoolFullRetryAfter(config: Config): number;
/** `/v1/batch`, `/v1/batch/`, `/V1/Batch?x` (as Express routes it) */
export declare function isBatchPath(url: string | undefined): boolean;
export declare function sendJson(res: ServerResponse, status: number, body: unknown): void;
export type IngestHandler = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & {
    shares: SpoolShares;
};
export declare function ingestHandler(d: IngestDeps): IngestHandler;
