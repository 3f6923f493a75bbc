/**
 * POST /v1/batch inside Express: the CORS preflight, then the plain node:http ingest handler
 * (ingest-handler.ts). The collector's own server calls that handler before Express; this route
 * serves embedders who mount `collector.app` in a server of their own.
 */
import { type Router } from 'express';
import type { IngestHandler } from './ingest-handler';
export { spoolFullRetryAfter } from './ingest-handler';
export declare function batchRouter(allowedOrigins: '*' | string[], handler: IngestHandler): Router;
