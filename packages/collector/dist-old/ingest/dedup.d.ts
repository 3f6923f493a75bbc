/**
 * The event ids seen recently: a bounded FIFO set, oldest forgotten first. A ring buffer of
 * `capacity` slots plus a Map id → slot, so adding and evicting are O(1) (a Set evicted with
 * `values().next()` rescans the slots of deleted entries and cost a third of the ingest thread).
 */
export declare class DedupWindow {
    readonly capacity: number;
    private readonly slots;
    private readonly slotOf;
    /** the next slot to write: the oldest entry once the ring is full */
    private next;
    constructor(capacity: number);
    has(id: string): boolean;
    /** Remembers `id` as the newest entry (an id already remembered keeps its place). */
    add(id: string): void;
    /** add() in one look-up: true when `id` was new (and is now remembered), false for a repeat. */
    claim(id: string): boolean;
    delete(id: string): void;
    /** Oldest first. */
    values(): IterableIterator<string>;
    /** The ids, oldest first, as one array (what the window file is written from, after every flush). */
    list(): string[];
    get size(): number;
}
