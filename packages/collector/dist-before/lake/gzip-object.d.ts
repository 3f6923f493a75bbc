export declare class GzipObject {
    rows: number;
    private readonly gz;
    private readonly out;
    private pending;
    private pendingBytes;
    constructor();
    /** Adds one row (its JSON, without newline). Resolves at once unless zlib asks to slow down. */
    add(row: Buffer): Promise<void>;
    /** Finishes the stream; the whole object. */
    finish(): Promise<Buffer>;
    /** Frees the compressor of an object that will not be written (its segment is retried later). */
    discard(): void;
    private push;
}
