/**
 * `--format google-ads-offline`: Google Ads' offline-conversion template (legacy click import) as
 * Google publishes it (support.google.com/google-ads/answer/7014069; reference/sources.md §4.1):
 *
 *   Parameters:TimeZone=America/New_York          (optional; a zone id or ±HHMM)
 *   Google Click ID,Conversion Name,Conversion Time,Conversion Value,Conversion Currency
 *   Cj0KCQ…,Closed deal,2026-09-15 14:30:00,120.50,EUR
 *
 * with optional `GBRAID` and `WBRAID` columns (exactly one click id filled per line). The time's own
 * zone wins over the Parameters row's (./zone-time.ts). Each line is a row whose action is its
 * Conversion Name (list it in model.json to count it as a conversion), with `click_ids.gclid` (or
 * gbraid / wbraid) and no other id: the person rule (sql/macros/person.sql, identity_map.sql) makes
 * it the person of the browser that landed with that click id, and attribution credits that
 * session. Conversion Value and Currency become the attributes `value` and `currency`, which
 * every model reads as a conversion's value. Any other column is kept as an attribute.
 *
 * The line key is what Google itself dedups on: the click id, the Conversion Name and the time.
 */
import { cell, lineKey, MAX_ACTION_LENGTH, type ImportFormat } from './format';
import { parseZonedTime } from '../zone-time';

const COLUMNS = ['Google Click ID', 'Conversion Name', 'Conversion Time', 'Conversion Value', 'Conversion Currency'];
const OPTIONAL = ['GBRAID', 'WBRAID'];
/** the longest click id kept (Google's are about 100 characters) */
const MAX_CLICK_ID_LENGTH = 512;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)$/;
const CURRENCY = /^[A-Za-z]{3}$/;

export const googleAdsOffline: ImportFormat = {
  name: 'google-ads-offline',
  describe: "Google Ads' offline-conversion template (Parameters:TimeZone= row, Google Click ID, Conversion Name, Time, Value, Currency; GBRAID/WBRAID)",
  begin(header, params) {
    const [gclid, name, time, value, currency] = COLUMNS.map((c) => header.need(c));
    const [gbraid, wbraid] = OPTIONAL.map((c) => header.find(c));
    const extra = header.others([...COLUMNS, ...OPTIONAL]);
    return (fields) => {
      const ids = ([['gclid', gclid], ['gbraid', gbraid], ['wbraid', wbraid]] as const)
        .map(([type, i]) => [type, cell(fields, i)] as const)
        .filter(([, v]) => v !== '');
      if (ids.length !== 1) return { error: ids.length ? `${ids.length} click ids (${ids.map(([t]) => t).join(', ')}); a line has exactly one` : 'no click id (Google Click ID, GBRAID or WBRAID)' };
      const [type, clickId] = ids[0];
      if (clickId.length > MAX_CLICK_ID_LENGTH) return { error: `the click id is ${clickId.length} characters; the limit is ${MAX_CLICK_ID_LENGTH}` };
      const action = cell(fields, name);
      if (!action) return { error: 'Conversion Name is empty' };
      if (action.length > MAX_ACTION_LENGTH) return { error: `Conversion Name is ${action.length} characters; the limit is ${MAX_ACTION_LENGTH}` };
      const at = parseZonedTime(cell(fields, time), params.timeZone);
      if ('error' in at) return { error: `Conversion Time ${at.error}` };
      const attributes: Record<string, string | number> = {};
      const v = cell(fields, value);
      if (v !== '') {
        if (!NUMBER.test(v)) return { error: `Conversion Value "${v.slice(0, 40)}" is not a number (digits and a decimal point)` };
        attributes.value = Number(v);
      }
      const c = cell(fields, currency);
      if (c !== '') {
        if (!CURRENCY.test(c)) return { error: `Conversion Currency "${c.slice(0, 40)}" is not a three-letter ISO 4217 code` };
        attributes.currency = c.toUpperCase();
      }
      for (const [n, i] of extra) {
        const x = cell(fields, i);
        if (x !== '') attributes[n] = x;
      }
      const key = lineKey(`${type}\x1f${clickId}\x1f${action}\x1f${at.iso}`);
      return { vendor_id: `conversion:${key}`, action, action_type: 'custom', occurred_at: at.iso, click_ids: { [type]: clickId }, ...(Object.keys(attributes).length ? { attributes } : {}) };
    };
  },
};
