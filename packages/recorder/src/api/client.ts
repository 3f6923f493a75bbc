/**
 * The collector's action endpoints (contract §3). Every call resolves, never rejects: a failure
 * is an ApiFailure whose `message` is what the marketer should read.
 */
import type { ActionDefinition, ActionSet } from '@actionlake/sdk';

export type ApiResult<T> = { ok: true; status: number; body: T } | ApiFailure;

export interface ApiFailure {
  ok: false;
  /** 0: the collector could not be reached, or refused this origin (CORS) */
  status: number;
  message: string;
}

interface ErrorBody {
  error?: string;
  errors?: string[];
  version?: string;
}

export class ActionsApi {
  token = '';

  constructor(readonly collector: string, readonly site: string) {}

  /** 204 when `token` may edit this site's actions. */
  verify(token: string): Promise<ApiResult<null>> {
    return this.call<null>('GET', 'editor', { token });
  }

  list(): Promise<ApiResult<ActionSet>> {
    return this.call<ActionSet>('GET', 'actions', {});
  }

  save(def: ActionDefinition, version: string | null): Promise<ApiResult<{ version: string; action: ActionDefinition }>> {
    return this.call('PUT', 'actions/' + encodeURIComponent(def.id), { token: this.token, version, body: def });
  }

  remove(id: string, version: string | null): Promise<ApiResult<{ version: string }>> {
    return this.call('DELETE', 'actions/' + encodeURIComponent(id), { token: this.token, version });
  }

  private async call<T>(
    method: string,
    path: string,
    o: { token?: string; version?: string | null; body?: unknown },
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = 'Bearer ' + o.token;
    if (o.version) headers['if-match'] = '"' + o.version + '"';
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.collector}/v1/sites/${encodeURIComponent(this.site)}/${path}`, {
        method,
        headers,
        body: o.body === undefined ? undefined : JSON.stringify(o.body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      // fetch gives the page one TypeError for both: a collector that is down and a CORS refusal
      return { ok: false, status: 0, message: `Could not reach the collector at ${this.collector}, or it does not allow this site's origin (ALLOWED_ORIGINS).` };
    }
    const body = res.status === 204 ? null : await res.json().catch(() => null);
    if (res.ok) return { ok: true, status: res.status, body: body as T };
    return { ok: false, status: res.status, message: explain(res.status, (body || {}) as ErrorBody) };
  }
}

/** What a refused call means for the marketer. */
export function explain(status: number, body: ErrorBody): string {
  const server = body.error ? String(body.error) : '';
  if (status === 401) return 'Wrong editor token. Use the ADMIN_TOKEN the collector was started with.';
  if (status === 403) return server || 'Action edits are disabled on this collector.';
  if (status === 412) return 'The actions were changed elsewhere since this list was loaded. Reload the list, then save again.';
  if (status === 400 || status === 413) {
    const list = body.errors && body.errors.length > 1 ? body.errors.join('; ') : server;
    return 'The collector refused this definition: ' + (list || `HTTP ${status}`);
  }
  return `The collector answered HTTP ${status}${server ? ': ' + server : ''}.`;
}
