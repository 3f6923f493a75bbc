/**
 * GET /v1/sites/:site/live (contract §9): the site's events as the collector handles them, as
 * Server-Sent Events, for the Action Recorder's Live tab. The editor token is required, sent as
 * `Authorization: Bearer` or `?token=` (EventSource cannot send headers), compared in constant time.
 * Over LIVE_MAX_LISTENERS: 503 with Retry-After. A comment line every LIVE_HEARTBEAT_MS keeps
 * proxies from closing an idle stream.
 */
import { type Router } from 'express';
import type { Config } from '../config';
import type { LiveHub } from '../live/hub';
export declare const LIVE = "/v1/sites/:site/live";
/** how long a browser waits before reconnecting a dropped stream */
export declare const RECONNECT_MS = 3000;
export declare function liveRouter(d: {
    config: Config;
    hub: LiveHub;
    refreshActions(site: string): Promise<void>;
}): Router;
