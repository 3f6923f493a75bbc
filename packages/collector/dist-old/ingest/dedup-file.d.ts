import type { DedupWindow } from './dedup';
export declare function saveDedupWindow(file: string, window: DedupWindow): Promise<void>;
/** Adds the saved ids (oldest first) to `window`; returns how many. A missing file is no error. */
export declare function loadDedupWindow(file: string, window: DedupWindow): Promise<number>;
