/**
 * The server API's calls inside Express (`/v1/track` … `/v1/alias`), for embedders who serve
 * `collector.app` in a server of their own; the collector's own server calls the same handler
 * before Express (app.ts listen()). Its batches come through `/v1/batch` (ingest-handler.ts).
 */
import express, { type Router } from 'express';
import { SEGMENT_CALLS } from '../sources/segment';
import type { ServerApi } from './server-api';

export function serverApiRouter(api: ServerApi): Router {
  const router = express.Router();
  for (const call of SEGMENT_CALLS) router.post(`/v1/${call}`, (req, res) => void api.handle(req, res, call));
  return router;
}
