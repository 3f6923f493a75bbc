/**
 * POST /v1/batch inside Express: the CORS preflight, then the plain node:http ingest handler
 * (ingest-handler.ts). The collector's own server calls that handler before Express; this route
 * serves embedders who mount `collector.app` in a server of their own.
 */
import express, { type Router } from 'express';
import { ingestCors } from './cors';
import type { IngestHandler } from './ingest-handler';

export function batchRouter(allowedOrigins: '*' | string[], handler: IngestHandler): Router {
  const router = express.Router();
  router.use('/v1/batch', ingestCors(allowedOrigins));
  router.post('/v1/batch', (req, res) => void handler(req, res));
  return router;
}
