/**
 * Where `conversions --send` posts, from the command line and the environment, checked before any
 * work (a missing token is an error at once, naming the variable, never showing a value):
 *
 * - Meta: the pixel (dataset) id from --pixel or META_PIXEL_ID, the access token from
 *   META_ACCESS_TOKEN, an optional test event code from --test-event-code or META_TEST_EVENT_CODE
 *   (the events then show in Events Manager's Test events, and are not counted).
 * - Google: the Google Ads API needs a developer token (GOOGLE_ADS_DEVELOPER_TOKEN), an OAuth access
 *   token of a user of the account (GOOGLE_ADS_ACCESS_TOKEN), the customer id (--customer or
 *   GOOGLE_ADS_CUSTOMER_ID, dashes allowed), a manager account's id when access goes through one
 *   (GOOGLE_ADS_LOGIN_CUSTOMER_ID), and the id of the conversion action of each lake action
 *   (--conversion-action "Order completed=123,Signed up=456", or one id for all). A conversion
 *   whose action has no id is reported and not sent.
 *
 * --endpoint replaces the platform's URL (a proxy, a test server).
 */
import { UserError } from '../../ground/errors';
import type { Lake } from '../../ground/lake/lake';
import type { Context } from '../../ground/context';
import type { GoogleConversion } from '../google-offline';
import { clickConversion, googlePlatform } from './google-endpoint';
import { metaPlatform } from './meta-endpoint';
import type { Platform, SendItem } from './sender';
import { SentLog } from './sent-log';

export interface Destination {
  platform: Platform;
  log(lake: Lake, site: string): SentLog;
  /** Google: the API's conversions of the file's rows (those with a conversion action id) */
  google?(conversions: GoogleConversion[], print: (line: string) => void): SendItem[];
}

type Ctx = Pick<Context, 'flags' | 'env'>;

const flag = (ctx: Ctx, name: string): string | undefined => {
  const v = ctx.flags[name];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};

function need(ctx: Ctx, name: string, what: string): string {
  const v = ctx.env[name]?.trim();
  if (!v) throw new UserError(`--send needs ${what} in the environment variable ${name}`, 2);
  return v;
}

function endpoint(ctx: Ctx): string | undefined {
  const url = flag(ctx, 'endpoint');
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError(`--endpoint must be a URL, got "${url}"`, 2);
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.username || parsed.password || parsed.search) {
    throw new UserError('--endpoint must be an http(s) URL without credentials or query (secrets come from the environment)', 2);
  }
  return url;
}

export function metaDestination(ctx: Ctx): Destination {
  const pixel = flag(ctx, 'pixel') ?? ctx.env.META_PIXEL_ID?.trim();
  if (!pixel) throw new UserError('--send to Meta needs the pixel (dataset) id: --pixel ID or META_PIXEL_ID', 2);
  if (!/^\d{1,32}$/.test(pixel)) throw new UserError(`the Meta pixel id is a number, got "${pixel}"`, 2);
  const token = need(ctx, 'META_ACCESS_TOKEN', "a Conversions API access token (Events Manager → the dataset's Settings → Generate access token)");
  const platform = metaPlatform({ pixel, token, endpoint: endpoint(ctx), testEventCode: flag(ctx, 'test-event-code') ?? ctx.env.META_TEST_EVENT_CODE?.trim() });
  return { platform, log: (lake, site) => new SentLog(lake, site, 'meta', pixel) };
}

/** "Order completed=123, Signed up=456" → map; a bare id → every action */
function actionIds(raw: string | undefined): (action: string) => string | undefined {
  if (raw === undefined) throw new UserError('--send to Google needs --conversion-action "Order completed=123456789,…" (each action\'s conversion action id in Google Ads; one id for all)', 2);
  if (/^\d+$/.test(raw)) return () => raw;
  const map = new Map<string, string>();
  for (const part of raw.split(',')) {
    const m = /^(.+?)=\s*(\d+)\s*$/.exec(part.trim());
    if (!m) throw new UserError(`--conversion-action takes "NAME=ID,NAME=ID" or one ID, got "${part.trim()}"`, 2);
    map.set(m[1].trim().toLowerCase(), m[2]);
  }
  return (action) => map.get(action.trim().toLowerCase());
}

export function googleDestination(ctx: Ctx): Destination {
  const customerId = (flag(ctx, 'customer') ?? ctx.env.GOOGLE_ADS_CUSTOMER_ID ?? '').replace(/-/g, '').trim();
  if (!customerId) throw new UserError('--send to Google needs the Google Ads customer id: --customer 123-456-7890 or GOOGLE_ADS_CUSTOMER_ID', 2);
  if (!/^\d{10}$/.test(customerId)) throw new UserError(`a Google Ads customer id has 10 digits (123-456-7890), got "${customerId}"`, 2);
  const idOf = actionIds(flag(ctx, 'conversion-action'));
  const developerToken = need(ctx, 'GOOGLE_ADS_DEVELOPER_TOKEN', 'the Google Ads API developer token (API Center of the manager account)');
  const accessToken = need(ctx, 'GOOGLE_ADS_ACCESS_TOKEN', 'an OAuth 2.0 access token with the https://www.googleapis.com/auth/adwords scope');
  const loginCustomerId = ctx.env.GOOGLE_ADS_LOGIN_CUSTOMER_ID?.replace(/-/g, '').trim() || undefined;
  const platform = googlePlatform({ customerId, developerToken, accessToken, loginCustomerId, endpoint: endpoint(ctx) });
  return {
    platform,
    log: (lake, site) => new SentLog(lake, site, 'google', customerId),
    google(conversions, print) {
      const items: SendItem[] = [];
      const missing = new Map<string, number>();
      for (const c of conversions) {
        const id = idOf(c.name);
        if (id === undefined) missing.set(c.name, (missing.get(c.name) ?? 0) + 1);
        else items.push({ id: c.event_id, payload: clickConversion(c, customerId, id) });
      }
      for (const [name, n] of missing) print(`${n} "${name}" conversion${n === 1 ? '' : 's'} not sent: no --conversion-action id for "${name}"`);
      return items;
    },
  };
}
