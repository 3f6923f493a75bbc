/**
 * The action definitions of a site (contract §3), read by every page and edited by the recorder:
 *
 *   GET    /v1/sites/:site/actions      {version, actions}, ETag, Cache-Control: no-cache; 304 on If-None-Match
 *   PUT    /v1/sites/:site/actions/:id  create (201) or replace (200) one; {version, action}
 *   DELETE /v1/sites/:site/actions/:id  200 {version}; 404 for an unknown id
 *   GET    /v1/sites/:site/editor       204 when the editor token is right (the recorder asks first)
 *
 * Edits need `Authorization: Bearer $ADMIN_TOKEN`; `If-Match: "<version>"` makes them conditional (412).
 */
import { type Router } from 'express';
import type { Logger } from 'pino';
import type { ActionStore } from '../actions/store';
import type { Config } from '../config';
import type { Metrics } from '../metrics/metrics';
export declare const CHANGED_ELSEWHERE = "the actions were changed by someone else; reload them";
export interface ActionRouteDeps {
    config: Config;
    store: ActionStore;
    metrics: Metrics;
    logger: Logger;
}
export declare function actionsRouter(d: ActionRouteDeps): Router;
