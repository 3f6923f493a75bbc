/**
 * The sources' own Prometheus series, on the app's registry: requests to the hooks and the server
 * API by the source's kind and the answer's status. Labels are kinds and statuses only, never a
 * source's id from the URL (unbounded) or anything of its secret.
 */
import { Counter, type Registry } from 'prom-client';

export interface SourceMetrics {
  /** `kind`: the source's kind, `_unknown` when no source matched (404, 401) */
  requests: Counter<'route' | 'kind' | 'status'>;
}

export function sourceMetrics(registry: Registry): SourceMetrics {
  return {
    requests: new Counter({
      name: 'actionlake_source_requests_total',
      help: "Requests of other apps (contract §10): route hooks (POST /v1/hooks/:source) or server (Segment's HTTP API), the source's kind, the answer's status",
      labelNames: ['route', 'kind', 'status'],
      registers: [registry],
    }),
  };
}
