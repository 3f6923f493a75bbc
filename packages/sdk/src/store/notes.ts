/**
 * The hand-over notes of closing tabs (core/queue.ts's HandOverNotes) in localStorage, one key per
 * tab (`actionlake_handed_<tab>`: the ids, comma-separated), so tabs closing together never
 * overwrite each other's. localStorage because it is the one storage a closing page writes
 * synchronously: the note is written before pagehide returns, while the removal from IndexedDB
 * that follows can wait behind another tab's transaction and die with the page.
 */
import { attempt } from '../core/safe';
import type { HandOverNotes } from '../core/types';

const PREFIX = 'actionlake_handed_';

// Storage blocked or full: without a note, the collector's dedup is what keeps a repeat out.
export const handOverNotes: HandOverNotes = {
  note: (tab, ids) => void attempt(() => {
    const old = localStorage.getItem(PREFIX + tab);
    localStorage.setItem(PREFIX + tab, (old ? old + ',' : '') + ids.join());
  }),
  read: () => {
    const out: Record<string, string[]> = {};
    attempt(() => {
      for (const k of Object.keys(localStorage)) if (!k.indexOf(PREFIX)) out[k.slice(PREFIX.length)] = localStorage[k].split(',');
    });
    return out;
  },
  forget: (tab) => void attempt(() => localStorage.removeItem(PREFIX + tab)),
};
