/**
 * Builds the event the collector receives (the WireEvent of @actionlake/schema) from what a call
 * or a click asked for and the visitor's context, and cleans what a site passes in: attributes
 * and traits keep scalar values only, at most 100 keys, long strings cut. Pure: the browser parts
 * are passed in (page, device), so the same event comes out in a test.
 */
import type {
  ActionType, DeviceInfo, ElementInfo, PageInfo, Product, Scalar, WireEvent,
} from '@actionlake/schema';
import { type SessionState, visitorType } from './session';
import { cut } from './cut';

/** What a caller asks to record; the rest of the event comes from the context. */
export interface EventSpec {
  action: string;
  action_type: ActionType;
  attributes?: unknown;
  traits?: unknown;
  element?: ElementInfo;
  /** read from the page by an action definition (already clean: dom/action.ts) */
  products?: Product[];
}

export interface EventContext {
  site: string;
  event_id: string;
  now: number;
  session: SessionState;
  page?: PageInfo;
  device?: DeviceInfo;
}

const MAX_PROPS = 100;
const MAX_STRING = 2048;

/** Builds a WireEvent; absent optional fields are omitted (only user_id is ever null). */
export const buildEvent = (ctx: EventContext, spec: EventSpec): WireEvent => {
  const s = ctx.session;
  const ev: WireEvent = {
    event_id: ctx.event_id,
    site_id: ctx.site,
    action: cut(spec.action + '', 200) || 'Unnamed action',
    action_type: spec.action_type,
    triggered_at: new Date(ctx.now).toISOString(),
    anonymous_id: s.anonymous_id,
    session_id: s.session_id,
    user_id: s.user_id,
    visitor_type: visitorType(s),
  };
  if (ctx.page) ev.page = ctx.page;
  if (Object.keys(s.campaign.utm).length) ev.utm = s.campaign.utm;
  if (Object.keys(s.campaign.click_ids).length) ev.click_ids = s.campaign.click_ids;
  if (spec.element) ev.element = spec.element;
  if (spec.products && spec.products.length) ev.products = spec.products;
  const attributes = cleanProps(spec.attributes, false);
  if (attributes) ev.attributes = attributes as Record<string, Scalar>;
  const traits = cleanProps(spec.traits, true);
  if (traits) ev.traits = traits;
  if (ctx.device) ev.device = ctx.device;
  return ev;
};

/**
 * Keeps string / finite number / boolean values (and null when allowed) of a plain object,
 * at most 100 keys, long strings cut. Returns undefined when nothing is left.
 */
export const cleanProps = (input: unknown, allowNull: boolean): Record<string, Scalar | null> | undefined => {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const out: Record<string, Scalar | null> = {};
  let n = 0;
  for (const key of Object.keys(input)) {
    if (n >= MAX_PROPS) break;
    const v = (input as Record<string, unknown>)[key];
    let keep: Scalar | null | undefined;
    if (typeof v === 'string') keep = cut(v, MAX_STRING);
    else if (typeof v === 'boolean' || (typeof v === 'number' && isFinite(v))) keep = v;
    else if (v === null && allowNull) keep = null;
    if (keep !== undefined) {
      out[key] = keep;
      n++;
    }
  }
  return n ? out : undefined;
};

/** Cuts a string to `max` characters; undefined for empty or non-strings (so the key is omitted). */
export const clip = (v: unknown, max = MAX_STRING): string | undefined => {
  return typeof v === 'string' && v ? cut(v, max) : undefined;
};
