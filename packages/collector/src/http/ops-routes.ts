/** Liveness, readiness and Prometheus metrics. */
import express, { type Router } from 'express';
import type { Config } from '../config';
import { withDeadline } from '../lake/deadline';
import type { LakeSink } from '../lake/sink';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
import { spoolFullRetryAfter } from './answer';

/** `scrape`: the text of /metrics when it is not this registry's alone (WORKERS > 1: the whole collector's) */
export function opsRouter(d: { config: Config; sink: LakeSink; spool: Spool; metrics: Metrics; scrape?: () => Promise<string> }): Router {
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
    let text: string;
    try {
      text = await (d.scrape ? d.scrape() : d.metrics.registry.metrics());
    } catch (err) {
      // a sum without one worker would look like a counter reset: better no answer than a wrong one
      res.setHeader('Retry-After', '5');
      return void res.status(503).json({ error: `could not gather the metrics of every worker: ${(err as Error).message}` });
    }
    res.setHeader('Content-Type', d.metrics.registry.contentType);
    res.send(text);
  });

  return router;
}
