import { type LakeSink, type PutCondition, type StoredObject } from './sink';
/** a lock older than this was left by a process that died holding it, and is broken */
export declare const STALE_LOCK_MS = 5000;
export declare class LocalFolderSink implements LakeSink {
    readonly root: string;
    constructor(root: string);
    get describe(): string;
    /** The file of a key; throws for a key that would leave the root (`..`, absolute parts). */
    private fileOf;
    put(key: string, body: Buffer, _contentType?: string, condition?: PutCondition): Promise<void>;
    get(key: string): Promise<StoredObject | null>;
    check(): Promise<void>;
}
