export declare function suppressedKey(site: string): string;
export declare function hashId(id: string): string;
/** The hashes of a stored list; throws with the reason when the object is not one. */
export declare function decodeSuppressed(key: string, body: Buffer): Set<string>;
export declare function encodeSuppressed(hashes: Iterable<string>, now?: Date): Buffer;
