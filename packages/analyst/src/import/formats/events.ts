/**
 * `--format events`: any app's events as rows. Columns `event_id` (the app's own id: the line
 * key, so a rerun or a corrected file is the same rows), `action`, `occurred_at` (ISO-8601 with its
 * zone), `user_id` and/or `email` (at least one in the header, one filled on each line), and any
 * other column an attribute (text, as the file has it: `value` and `currency` make a conversion's
 * value, as for any row). action_type `custom`.
 */
import { UserError } from '../../ground/errors';
import { cell, personOf, isoTime, MAX_ACTION_LENGTH, type ImportFormat } from './format';

/** the longest event_id kept (the collector's limit on an app's id of an event) */
const MAX_EVENT_ID_LENGTH = 200;

export const events: ImportFormat = {
  name: 'events',
  describe: 'event_id, action, occurred_at, user_id and/or email, any attribute columns → one row per line',
  begin(header) {
    const id = header.need('event_id');
    const action = header.need('action');
    const at = header.need('occurred_at');
    const email = header.find('email');
    const userId = header.find('user_id');
    if (email < 0 && userId < 0) throw new UserError(`--format events: the header has no "user_id" column and no "email" column (its columns: ${header.names.join(', ')})`);
    const attributes = header.others(['event_id', 'action', 'occurred_at', 'email', 'user_id']);
    return (fields) => {
      const key = cell(fields, id);
      if (!key) return { error: 'event_id is empty' };
      if (key.length > MAX_EVENT_ID_LENGTH) return { error: `event_id is ${key.length} characters; the limit is ${MAX_EVENT_ID_LENGTH}` };
      const name = cell(fields, action);
      if (!name || name.length > MAX_ACTION_LENGTH) return { error: name ? `action is ${name.length} characters; the limit is ${MAX_ACTION_LENGTH}` : 'action is empty' };
      const t = isoTime(cell(fields, at), 'occurred_at');
      if ('error' in t) return t;
      const who = personOf(fields, email, userId);
      if ('error' in who) return who;
      const { address, user } = who;
      const attrs: Record<string, string> = {};
      for (const [n, i] of attributes) {
        const v = cell(fields, i);
        if (v !== '') attrs[n] = v;
      }
      return { vendor_id: `event:${key}`, action: name, action_type: 'custom', occurred_at: t.iso, user_id: user || null, email: address, ...(Object.keys(attrs).length ? { attributes: attrs } : {}) };
    };
  },
};
