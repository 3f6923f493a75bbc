import http from 'node:http';
import { freePort } from './ports';

export interface Site {
  url: string;
  close: () => Promise<void>;
}

function listen(server: http.Server, port: number): Promise<Site> {
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

/** Serves fixed HTML pages by path (query ignored); any other path gets `pages['*']`. */
export async function startPages(pages: Record<string, string>): Promise<Site> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const html = pages[path] ?? pages['*'];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  return listen(server, await freePort());
}

/** The page servers one spec file starts: `serve` returns the origin, `closeAll` in afterAll. */
export function sitePool(): { serve(pages: Record<string, string>): Promise<string>; keep(site: Site): Site; closeAll(): Promise<void> } {
  const sites: Site[] = [];
  return {
    keep(site) {
      sites.push(site);
      return site;
    },
    async serve(pages) {
      const site = await startPages(pages);
      sites.push(site);
      return site.url;
    },
    async closeAll() {
      for (const s of sites.splice(0)) await s.close();
    },
  };
}

/** A page whose only ActionLake code is the script tag (plus `head`, which comes before it). */
export function pageWithSdk(sdkOrigin: string, body: string, opts: { site?: string; attrs?: string; head?: string; title?: string } = {}): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${opts.title ?? 'Bikes'}</title>${opts.head ?? ''}
<script async src="${sdkOrigin}/sdk.js" data-site="${opts.site ?? 'shop'}" ${opts.attrs ?? ''}></script></head><body>${body}</body></html>`;
}

const BIKES = `<h1>Bikes</h1>
<div class="product-card"><h2 class="title">Duke 200</h2><span class="price">₹78,990</span>
  <button class="buy" id="buy-duke">Add to cart</button></div>
<div class="product-card"><h2 class="title">Classic 350</h2><span class="price">₹1,93,080</span>
  <button class="buy">Add to cart</button></div>
<form onsubmit="return false"><input type="password" name="pw" value="hunter2"><input type="text" name="q" value="secret query">
  <input type="submit" value="Go"></form>
<a id="next-link" href="/next">Next page</a>`;

/**
 * A visitor's site on its own origin (another port than the collector): a product page and a next
 * page whose only ActionLake code is the script tag pointing at `sdkOrigin`.
 */
export function startVisitorSite(sdkOrigin: string, site = 'shop'): Promise<Site> {
  return startPages({
    '/next': pageWithSdk(sdkOrigin, '<h1>Next</h1>', { site, title: 'Next page' }),
    '*': pageWithSdk(sdkOrigin, BIKES, { site }),
  });
}

/**
 * A reverse proxy in front of the collector that sets X-Forwarded-For, as a load balancer does.
 * `delayMs` holds every answer back that long after the collector has answered (a slow network).
 */
export async function startForwardingProxy(target: string, clientIp: string, delayMs = 0): Promise<Site> {
  const t = new URL(target);
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      {
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: t.host, 'x-forwarded-for': clientIp },
      },
      (up) => {
        setTimeout(() => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        }, delayMs);
      },
    );
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return listen(server, await freePort());
}
