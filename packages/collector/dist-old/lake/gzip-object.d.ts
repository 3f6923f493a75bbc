export declare class GzipObject {
    rows: number;
    /** uncompressed bytes added so far */
    bytes: number;
    private gz;
    private readonly out;
    private pending;
    private pendingBytes;
    /** Adds one row (its JSON, without newline). Resolves at once unless zlib asks to slow down. */
    add(row: Buffer): Promise<void>;
    /** Finishes the stream; the whole object. */
    finish(): Promise<Buffer>;
    /** Frees the compressor of an object that will not be written (its segment is retried later). */
    discard(): void;
    private takePending;
    private push;
}
