/**
 * `--format contacts`: a CRM's or newsletter tool's contact export. Columns `email` and/or
 * `user_id` (at least one in the header, at least one filled on each line), optionally
 * `occurred_at` (ISO-8601; default the file's modification time), any other column a trait. Each
 * line is an identify row (`Identified`) of that person, the address kept as `email_sha256` (and
 * as the `email` trait, as an identify's traits keep it), so the person of that address and user
 * id is one person with their web visits, email opens and orders (contract §10 "Identity").
 *
 * The line key is the line's content: the same contact line, wherever it is in the file and
 * however often the file is imported, is one event.
 */
import { UserError } from '../../ground/errors';
import { cell, personOf, lineKey, isoTime, type ImportFormat } from './format';

export const contacts: ImportFormat = {
  name: 'contacts',
  describe: 'email and/or user_id, any trait columns (occurred_at optional) → one identify row per line',
  begin(header, _params, fileTime) {
    const email = header.find('email');
    const userId = header.find('user_id');
    if (email < 0 && userId < 0) throw new UserError(`--format contacts: the header has no "email" column and no "user_id" column (its columns: ${header.names.join(', ')})`);
    const at = header.find('occurred_at');
    const traits = header.others(['email', 'user_id', 'occurred_at']);
    return (fields) => {
      const who = personOf(fields, email, userId);
      if ('error' in who) return who;
      const { rawEmail, address, user } = who;
      let occurred = fileTime;
      if (at >= 0 && cell(fields, at)) {
        const t = isoTime(cell(fields, at), 'occurred_at');
        if ('error' in t) return t;
        occurred = t.iso;
      }
      const t: Record<string, string> = {};
      if (address) t.email = rawEmail;
      for (const [name, i] of traits) {
        const v = cell(fields, i);
        if (v !== '') t[name] = v;
      }
      return {
        vendor_id: `contact:${lineKey(fields.join('\x1f'))}`,
        action: 'Identified',
        action_type: 'identify',
        occurred_at: occurred,
        user_id: user || null,
        email: address,
        traits: t,
      };
    };
  },
};
