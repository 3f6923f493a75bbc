/**
 * Meta's Conversions API endpoint for `--send`: POST https://graph.facebook.com/<version>/<pixel
 * id>/events with `{"data": [...events], "access_token": …}` as JSON
 * (https://developers.facebook.com/docs/marketing-api/conversions-api/using-the-api), at most 1,000
 * events per request. The token goes in the body, so it is in no URL, report or sent-log.
 * Its answer: `{"events_received": n, "messages": [], "fbtrace_id": …}`, or `{"error": {message,
 * type, code, error_subcode, error_user_title, error_user_msg, fbtrace_id, is_transient}}`; codes
 * 4, 17, 32 and 613 are Meta's throttling (https://developers.facebook.com/docs/graph-api/overview/rate-limiting)
 * and are retried like a 429.
 */
import type { Platform } from './sender';

export const META_GRAPH_VERSION = 'v24.0';
/** "You can send up to 1,000 events in data" */
export const META_MAX_BATCH = 1000;
const THROTTLING = new Set([4, 17, 32, 613]);

interface MetaError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  fbtrace_id?: string;
  is_transient?: boolean;
}

const errorOf = (answer: unknown): MetaError | null =>
  answer && typeof answer === 'object' && 'error' in answer ? ((answer as { error: MetaError }).error ?? null) : null;

export function metaPlatform(o: { pixel: string; token: string; endpoint?: string; testEventCode?: string }): Platform {
  return {
    label: 'Meta',
    url: o.endpoint ?? `https://graph.facebook.com/${META_GRAPH_VERSION}/${encodeURIComponent(o.pixel)}/events`,
    maxBatch: META_MAX_BATCH,
    headers: () => ({ 'content-type': 'application/json' }),
    body: (events) => JSON.stringify({ data: events, ...(o.testEventCode ? { test_event_code: o.testEventCode } : {}), access_token: o.token }),
    read(answer, count) {
      const a = (answer ?? {}) as { events_received?: number; fbtrace_id?: string; messages?: unknown[] };
      const received = typeof a.events_received === 'number' ? a.events_received : null;
      const note = `${received ?? '?'} of ${count} event${count === 1 ? '' : 's'} received${a.fbtrace_id ? ` (fbtrace_id ${a.fbtrace_id})` : ''}${a.messages?.length ? `; messages: ${JSON.stringify(a.messages)}` : ''}`;
      return { rejected: [], note };
    },
    error(status, answer) {
      const e = errorOf(answer);
      if (!e) return typeof answer === 'string' && answer ? answer.slice(0, 300) : `HTTP ${status}`;
      const user = [e.error_user_title, e.error_user_msg].filter(Boolean).join(': ');
      return [e.message, user && `(${user})`, e.code !== undefined && `code ${e.code}${e.error_subcode ? `/${e.error_subcode}` : ''}`, e.fbtrace_id && `fbtrace_id ${e.fbtrace_id}`]
        .filter(Boolean).join(' ');
    },
    transient(_status, answer) {
      const e = errorOf(answer);
      return Boolean(e && (e.is_transient || (e.code !== undefined && THROTTLING.has(e.code))));
    },
  };
}
