/** The event ids seen recently: a bounded FIFO set, oldest forgotten first. */
export declare class DedupWindow {
    readonly capacity: number;
    private readonly ids;
    constructor(capacity: number);
    has(id: string): boolean;
    add(id: string): void;
    delete(id: string): void;
    /** Oldest first. */
    values(): IterableIterator<string>;
    get size(): number;
}
