/**
 * `actionlake conversions --format google-ads-offline|meta-capi [--since YYYY-MM-DD] [--out FILE]
 * [--send]`: the conversions of contract §7 that carry what the platform matches on, as Google's
 * offline-conversion import file or Meta's Conversions API events (src/activation), and with
 * --send posted to the platform (src/activation/send) with a sent-log in the lake.
 * The platform's settings and secrets: src/activation/send/destinations.ts.
 */
import { conversionRows } from '../activation/conversion-rows';
import { googleConversions, googleOfflineCsv, googleSummary, isTimeZone } from '../activation/google-offline';
import { metaEvents, metaSummary } from '../activation/meta-capi';
import { countryCode } from '../activation/phone-country';
import { googleDestination, metaDestination } from '../activation/send/destinations';
import { sendAll, sendLimits, type SendItem } from '../activation/send/sender';
import { UserError } from '../ground/errors';
import { writeTextFile } from '../ground/output/files';
import { requireTables } from '../report/views';
import { stringFlag, type Command } from './command';

const FORMATS = ['google-ads-offline', 'meta-capi'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function wholeNumber(ctx: Parameters<Command['run']>[0], name: string, min: number, max: number, fallback: number): number {
  const raw = stringFlag(ctx, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`, 2);
  return n;
}

export const conversions: Command = {
  name: 'conversions',
  help: "conversions as Google Ads' offline-conversion file or Meta Conversions API events; --send posts them (batched, retried, never twice)",
  options: {
    format: { type: 'string', value: FORMATS.join('|'), required: true },
    out: { type: 'string', value: 'FILE' },
    since: { type: 'string', value: 'YYYY-MM-DD' },
    send: { type: 'boolean' },
    endpoint: { type: 'string', value: 'URL' },
    pixel: { type: 'string', value: 'ID' },
    'test-event-code': { type: 'string', value: 'CODE' },
    customer: { type: 'string', value: 'ID' },
    'conversion-action': { type: 'string', value: '"NAME=ID,…"|ID' },
    timezone: { type: 'string', value: 'ZONE' },
    'click-window': { type: 'string', value: 'DAYS' },
    country: { type: 'string', value: 'CC' },
    batch: { type: 'string', value: 'N' },
  },
  async run(ctx) {
    const format = stringFlag(ctx, 'format');
    if (!format || !(FORMATS as readonly string[]).includes(format)) throw new UserError(`conversions needs --format ${FORMATS.join('|')}${format ? `, got "${format}"` : ''}`, 2);
    const out = stringFlag(ctx, 'out');
    const send = Boolean(ctx.flags.send);
    if (!out && !send) throw new UserError('conversions needs --out FILE (the file to upload), --send (post to the platform), or both', 2);
    const since = stringFlag(ctx, 'since');
    if (since !== undefined && (!DATE.test(since) || Number.isNaN(Date.parse(since)))) throw new UserError(`--since must be a date YYYY-MM-DD, got "${since}"`, 2);
    const country = stringFlag(ctx, 'country');
    if (country !== undefined && !countryCode(country)) throw new UserError(`--country must be a country (ISO code such as US, or its English name), got "${country}"`, 2);
    const zone = stringFlag(ctx, 'timezone') ?? 'UTC';
    if (!isTimeZone(zone)) throw new UserError(`--timezone must be a time zone such as Europe/Berlin or UTC (the Google Ads account's), got "${zone}"`, 2);
    const clickWindow = wholeNumber(ctx, 'click-window', 1, 90, 90);
    const batch = wholeNumber(ctx, 'batch', 1, format === 'meta-capi' ? 1000 : 2000, format === 'meta-capi' ? 1000 : 2000);
    if (send && ctx.sites.length !== 1) throw new UserError(`--send posts one site's conversions: add --site (sites: ${ctx.sites.join(', ') || 'none'})`, 2);
    // every setting and secret is checked before any work, so that a missing token costs nothing
    const destination = !send ? null : format === 'meta-capi' ? metaDestination(ctx) : googleDestination(ctx);

    await requireTables(ctx, ['conversions', 'events', 'profiles']);
    const rows = await conversionRows(ctx, { since, clickWindowDays: clickWindow });
    let items: SendItem[];
    if (format === 'meta-capi') {
      const sel = metaEvents(rows, country ?? null);
      ctx.print(`conversions: ${rows.length} conversion${rows.length === 1 ? '' : 's'}${since ? ` since ${since}` : ''}; ${metaSummary(sel)}`);
      if (out) ctx.print(`written to ${await writeTextFile(out, JSON.stringify({ data: sel.events }, null, 2) + '\n')} (meta-capi: the request's data)`);
      items = sel.events.map((e) => ({ id: e.event_id, payload: e }));
    } else {
      const sel = googleConversions(rows, zone);
      ctx.print(`conversions: ${rows.length} conversion${rows.length === 1 ? '' : 's'}${since ? ` since ${since}` : ''}; ${googleSummary(sel, clickWindow)}`);
      if (out) ctx.print(`written to ${await writeTextFile(out, googleOfflineCsv(sel.conversions, zone))} (google-ads-offline, time zone ${zone})`);
      items = destination?.google ? destination.google(sel.conversions, ctx.print) : [];
    }
    if (!destination) return;
    const log = destination.log(ctx.lake, ctx.sites[0]);
    const summary = await sendAll(items, destination.platform, log, sendLimits(ctx.env), ctx.print, batch);
    ctx.print(`sent to ${destination.platform.label}: ${summary.accepted} accepted, ${summary.rejected} rejected, ${summary.alreadySent} sent before, in ${summary.batches} batch${summary.batches === 1 ? '' : 'es'}; sent-log ${log.prefix}`);
    if (summary.stopped) throw new UserError(summary.stopped);
  },
};
