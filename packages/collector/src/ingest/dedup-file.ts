/**
 * The dedup window kept across restarts: one event_id per line in SPOOL_DIR, rewritten (temp file,
 * then rename) after each flush and on shutdown, read back on start. Without it, a page re-sending
 * a beaconed event after a deploy would have it stored twice.
 */
import fs from 'node:fs';
import type { DedupWindow } from './dedup';

export async function saveDedupWindow(file: string, window: DedupWindow): Promise<void> {
  const tmp = `${file}.tmp`;
  await fs.promises.writeFile(tmp, window.text());
  await fs.promises.rename(tmp, file);
}

/** Adds the saved ids (oldest first) to `window`; returns how many. A missing file is no error. */
export async function loadDedupWindow(file: string, window: DedupWindow): Promise<number> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let n = 0;
  for (const id of text.split('\n')) {
    if (!id) continue;
    window.add(id);
    n++;
  }
  return n;
}
