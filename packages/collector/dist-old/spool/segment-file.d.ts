/** File steps of the spool: create a segment durably, copy an orphaned one, fsync a folder. */
import fs from 'node:fs';
/** Which file a handle or a path is: compared to notice a path now naming another file. */
export interface FileId {
    dev: number;
    ino: number;
}
/** Creates `dir/name` for appending (and reading: see copyPrefix) and makes its name durable. */
export declare function createSegmentFile(dir: string, name: string): Promise<{
    fd: fs.promises.FileHandle;
    id: FileId;
}>;
/** Copies the first `size` bytes of `from` to the end of `to`, then fsyncs `to`. */
export declare function copyPrefix(from: fs.promises.FileHandle, to: fs.promises.FileHandle, size: number): Promise<void>;
export declare function syncDir(dir: string): Promise<void>;
