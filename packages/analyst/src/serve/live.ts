/**
 * GET /api/live?site=…: the collector's live view (contract §9, `GET /v1/sites/:site/live`, Server-
 * Sent Events of each event as the collector accepts or rejects it) passed through, when
 * COLLECTOR_URL says where the collector is. The dashboard's own token guards this route like every
 * /api route; the collector is asked with its editor token (COLLECTOR_TOKEN, else the dashboard's).
 * The browser reads the stream with fetch() and its Authorization header, so no token is ever put in
 * a URL. When the browser goes, the upstream request is aborted.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LiveOptions {
  /** the collector's base URL (COLLECTOR_URL), e.g. https://collect.example.com */
  collectorUrl: string;
  token: string;
}

export async function proxyLive(req: IncomingMessage, res: ServerResponse, site: string, o: LiveOptions): Promise<void> {
  const url = `${o.collectorUrl.replace(/\/+$/, '')}/v1/sites/${encodeURIComponent(site)}/live`;
  const aborted = new AbortController();
  res.on('close', () => aborted.abort());
  let upstream: Response;
  try {
    upstream = await fetch(url, { headers: { authorization: `Bearer ${o.token}`, accept: 'text/event-stream' }, signal: aborted.signal });
  } catch (err) {
    if (aborted.signal.aborted) return;
    return fail(res, 502, `cannot reach the collector at ${o.collectorUrl} (COLLECTOR_URL): ${(err as Error).message}`);
  }
  if (!upstream.ok || !upstream.body) {
    const body = await upstream.text().catch(() => '');
    const said = /"error"\s*:\s*"([^"]*)"/.exec(body)?.[1] ?? body.slice(0, 200);
    return fail(res, 502, `the collector at ${o.collectorUrl} answered ${upstream.status}${said ? `: ${said}` : ''}`);
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  try {
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      if (!res.write(chunk)) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
      if (res.destroyed) break;
    }
  } catch {
    // the browser left (aborted) or the collector closed the stream
  }
  res.end();
}

function fail(res: ServerResponse, status: number, error: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error }));
}
