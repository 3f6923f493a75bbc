/** Liveness, readiness and Prometheus metrics. */
import { type Router } from 'express';
import type { Config } from '../config';
import type { LakeSink } from '../lake/sink';
import type { Metrics } from '../metrics/metrics';
import type { Spool } from '../spool/spool';
export declare function opsRouter(d: {
    config: Config;
    sink: LakeSink;
    spool: Spool;
    metrics: Metrics;
}): Router;
