/**
 * `actionlake serve [--port 8090] [--host 127.0.0.1] [--token TOKEN]`: the dashboard (contract
 * §11), a read-only web app over the lake's tables, until Ctrl-C (SIGINT) or SIGTERM. The editor
 * token (ADMIN_TOKEN, or --token) is required: the tables hold every visitor's journey. It listens
 * on 127.0.0.1 unless told otherwise (put a TLS reverse proxy in front to share it: README).
 * COLLECTOR_URL (and COLLECTOR_TOKEN when the collector's editor token differs) adds the Live view.
 */
import { UserError } from '../ground/errors';
import { startDashboard } from '../serve/index';
import { stringFlag, type Command } from './command';

export const DEFAULT_PORT = 8090;
export const DEFAULT_HOST = '127.0.0.1';

export const serve: Command = {
  name: 'serve',
  help: 'the dashboard: a read-only web app over the tables (needs ADMIN_TOKEN or --token; COLLECTOR_URL adds Live)',
  options: {
    port: { type: 'string', value: 'PORT' },
    host: { type: 'string', value: 'HOST' },
    token: { type: 'string', value: 'TOKEN' },
  },
  async run(ctx) {
    const portText = stringFlag(ctx, 'port') ?? String(DEFAULT_PORT);
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) throw new UserError(`--port must be a port number (0 picks a free one), got "${portText}"`, 2);
    const host = stringFlag(ctx, 'host') ?? DEFAULT_HOST;
    const token = stringFlag(ctx, 'token') ?? ctx.env.ADMIN_TOKEN ?? '';
    if (!token.trim()) throw new UserError('serve needs the editor token that opens the dashboard: set ADMIN_TOKEN=<secret> (or pass --token)', 2);
    const dashboard = await startDashboard(ctx, {
      host, port, token,
      collectorUrl: ctx.env.COLLECTOR_URL?.trim() || undefined,
      collectorToken: ctx.env.COLLECTOR_TOKEN?.trim() || undefined,
    }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') throw new UserError(`cannot listen on ${host}:${port}: the port is in use (try --port)`);
      if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new UserError(`cannot listen on ${host}: no such address here`);
      throw err;
    });
    const sites = ctx.sites.length ? `${ctx.sites.length} site${ctx.sites.length === 1 ? '' : 's'}: ${ctx.sites.join(', ')}` : 'no site yet';
    ctx.print(`actionlake serve: the dashboard of ${ctx.lake.describe} (${sites}) is at ${dashboard.url} — open it and sign in with the editor token; Ctrl-C stops it`);
    if (host !== DEFAULT_HOST && host !== 'localhost' && host !== '::1') {
      ctx.print(`actionlake serve: listening on ${host}, not only this machine: put it behind a TLS reverse proxy (README, "Dashboard")`);
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await dashboard.close();
  },
};
