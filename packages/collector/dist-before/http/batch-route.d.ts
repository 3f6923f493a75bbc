/**
 * POST /v1/batch: refuse early what we cannot take (429 rate limit, 503 spool full, 415 type),
 * read the body ourselves within MAX_BODY_BYTES (413), parse it (400), then hand it to the Ingestor.
 * Every refusal after the checks that cost nothing is also stored as a bad row.
 */
import { type Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Ingestor } from '../ingest/ingestor';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
export interface BatchRouteDeps {
    config: Config;
    ingestor: Ingestor;
    spool: Spool;
    metrics: Metrics;
    logger: Logger;
    now: () => Date;
}
/** Seconds a client should wait when the spool is full: about one flush. */
export declare function spoolFullRetryAfter(config: Config): number;
export declare function batchRouter(d: BatchRouteDeps): Router;
