/** Liveness, readiness and Prometheus metrics. */
import express, { type Router } from 'express';
import type { Config } from '../config';
import { withDeadline } from '../lake/deadline';
import type { LakeSink } from '../lake/sink';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
import { spoolFullRetryAfter } from './answer';

export function opsRouter(d: { config: Config; sink: LakeSink; spool: Spool; metrics: Metrics }): Router {
  const router = express.Router();

  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  router.get('/readyz', async (_req, res) => {
    if (d.spool.bytes >= d.config.spoolMaxBytes) {
      res.setHeader('Retry-After', String(spoolFullRetryAfter(d.config)));
      return void res.status(503).json({ ok: false, reason: `spool full: ${d.spool.bytes} of ${d.config.spoolMaxBytes} bytes (SPOOL_MAX_BYTES)` });
    }
    try {
      await d.spool.check();
    } catch (err) {
      res.setHeader('Retry-After', String(spoolFullRetryAfter(d.config)));
      return void res.status(503).json({ ok: false, reason: d.spool.problem ?? `spool ${d.spool.dir} not writable: ${(err as Error).message}` });
    }
    try {
      await withDeadline(d.config.lakeRequestTimeoutMs, 'the lake (LAKE_REQUEST_TIMEOUT_MS)', (signal) => d.sink.check({ signal }));
    } catch (err) {
      return void res.status(503).json({ ok: false, reason: `lake not reachable (${d.sink.describe}): ${(err as Error).message || (err as Error).name}` });
    }
    res.json({ ok: true });
  });

  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', d.metrics.registry.contentType);
    res.send(await d.metrics.registry.metrics());
  });

  return router;
}
