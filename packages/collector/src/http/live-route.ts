/**
 * GET /v1/sites/:site/live (contract §9): the site's events as the collector handles them, as
 * Server-Sent Events, for the Action Recorder's Live tab. The editor token is required, sent as
 * `Authorization: Bearer` or `?token=` (EventSource cannot send headers), compared in constant time.
 * Over LIVE_MAX_LISTENERS: 503 with Retry-After. A comment line every LIVE_HEARTBEAT_MS keeps
 * proxies from closing an idle stream. `?anonymous_id=` narrows the stream to one visitor (the
 * recorder's "this browser only": the marketer's own clicks among the site's traffic).
 */
import express, { type Request, type Response, type Router } from 'express';
import { SITE_ID_PATTERN } from '@actionlake/schema';
import type { Config } from '../config';
import type { LiveHub, LiveListener } from '../live/hub';
import { editCors } from './cors';
import { EDITS_DISABLED, WRONG_TOKEN, editorChecker } from './editor-auth';

export const LIVE = '/v1/sites/:site/live';
/** how long a browser waits before reconnecting a dropped stream */
export const RECONNECT_MS = 3_000;
/** the longest anonymous_id an event may carry (lake-row.schema.json) */
const MAX_VISITOR_CHARS = 128;

export function liveRouter(d: { config: Config; hub: LiveHub; refreshActions(site: string): Promise<void> }): Router {
  const { config, hub } = d;
  const router = express.Router();
  const cors = editCors(config.allowedOrigins);
  const check = editorChecker(config.adminToken);
  router.options(LIVE, cors);

  router.get(LIVE, cors, async (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    const token = typeof req.query.token === 'string' ? req.query.token : null;
    const auth = req.headers.authorization ?? (token !== null ? `Bearer ${token}` : undefined);
    const result = check(auth);
    if (result === 'disabled') return void res.status(403).json({ error: EDITS_DISABLED });
    if (result === 'wrong') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="actionlake"');
      return void res.status(401).json({ error: WRONG_TOKEN });
    }
    const site = req.params.site as string;
    if (!SITE_ID_PATTERN.test(site)) return void res.status(400).json({ error: `site id "${site.slice(0, 100)}" is not valid (${SITE_ID_PATTERN.source})` });
    const visitor = req.query.anonymous_id;
    if (visitor !== undefined && (typeof visitor !== 'string' || !visitor || visitor.length > MAX_VISITOR_CHARS)) {
      return void res.status(400).json({ error: `anonymous_id must be one value of 1 to ${MAX_VISITOR_CHARS} characters, as events carry it` });
    }
    if (hub.listeners >= hub.limits.maxListeners) {
      res.setHeader('Retry-After', '30');
      return void res.status(503).json({ error: `the live view has ${hub.listeners} listeners, the limit (LIVE_MAX_LISTENERS); retry later` });
    }
    await d.refreshActions(site); // so the first clicks already say which action produced them
    if (res.destroyed) return;
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    const listener: LiveListener = visitor === undefined ? { site, sink: res } : { site, sink: res, visitor };
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    if (!hub.add(listener)) {
      res.end(`event: error\ndata: ${JSON.stringify({ error: 'too many live listeners (LIVE_MAX_LISTENERS)' })}\n\n`);
      return;
    }
    const beat = setInterval(() => {
      if (res.writableLength <= hub.limits.maxQueuedBytes) res.write(': ping\n\n');
    }, config.liveHeartbeatMs);
    beat.unref();
    res.on('close', () => {
      clearInterval(beat);
      hub.remove(listener);
    });
  });
  return router;
}
