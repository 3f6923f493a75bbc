/**
 * Whose stored events are whose. The tabs of a site share one stored queue: each tab sends the
 * events it recorded; what a tab that is gone left behind (closed with events unsent, crashed, an
 * earlier page) is adopted by one tab at a time, which core/queue.ts does holding the flush lock.
 * What a closed tab handed to the browser is not adopted even when its removal from the store
 * never ran: the tab noted it (HandOverNotes). Pure: the queue reads the store, the locks and the
 * notes, in that order, and acts on the answer.
 */
import { idOf } from './batch';
import type { StoredEvent } from './types';

export interface Leftovers {
  /** Events of tabs that are gone, oldest first: the adopting tab sends them. */
  orphans: StoredEvent[];
  /** Events a closed tab handed over, still stored: removed, never sent again. */
  handed: string[];
  /** Other tabs alive with events stored: watched, so their leftovers are adopted once they go. */
  owners: string[];
  /** Tabs whose notes can go once `handed` is removed (they are gone: nothing more to note). */
  spent: string[];
}

/**
 * `me`: this tab; `alive`: the tabs alive now (null: unknown, every other tab's events are
 * adopted and the collector drops repeats); `notes`: tab → ids it handed over.
 */
export const leftovers = (stored: StoredEvent[], me: string, alive: Set<string> | null, notes: Record<string, string[]>): Leftovers => {
  const gone = (tab?: string): boolean => !alive || !tab || !alive.has(tab);
  const noted = new Set<string>();
  const spent: string[] = [];
  for (const tab in notes) {
    notes[tab].forEach((id) => noted.add(id));
    if (gone(tab)) spent.push(tab);
  }
  const out: Leftovers = { orphans: [], handed: [], owners: [], spent };
  for (const i of stored) {
    if (noted.has(idOf(i))) out.handed.push(idOf(i));
    else if (i.tab === me) continue;
    else if (gone(i.tab)) out.orphans.push(i);
    else if (out.owners.indexOf(i.tab!) < 0) out.owners.push(i.tab!);
  }
  out.orphans.sort((a, b) => a.seq - b.seq);
  return out;
};
