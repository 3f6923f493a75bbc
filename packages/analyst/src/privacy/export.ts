/** `actionlake export ID [--out FILE]` (contract §8): every raw events row of the person (of every source), as NDJSON. */
import fs from 'node:fs';
import { rawPrefix } from '@actionlake/schema/node';
import type { Context } from '../ground/context';
import { isPersons, resolvePerson } from './person';
import { eachLine } from './rows';

export async function exportPerson(ctx: Context, id: string, out: string | null): Promise<number> {
  const file = out ? fs.createWriteStream(out) : null;
  let n = 0;
  for (const site of ctx.sites) {
    const person = await resolvePerson(ctx, site, id);
    for (const o of await ctx.lake.list(rawPrefix('events', site))) {
      const lines: string[] = [];
      await eachLine(ctx.lake, o.key, (line) => {
        try {
          if (isPersons(person, JSON.parse(line))) lines.push(line);
        } catch {
          // a broken line is nobody's row
        }
      });
      for (const l of lines) {
        n++;
        if (file) {
          if (!file.write(l + '\n')) await new Promise<void>((r) => file.once('drain', () => r()));
        } else ctx.print(l);
      }
    }
  }
  if (file) await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return n;
}
