import type { ActionDefinition } from '@actionlake/schema';
export interface StoredActions {
    /** changes on every edit; the HTTP ETag */
    version: string;
    /** null only for a site with nothing stored */
    updated_at: string | null;
    actions: ActionDefinition[];
}
/** What a site with nothing stored has. */
export declare const EMPTY_VERSION = "0";
export declare function actionsKey(site: string): string;
export declare function emptyActions(): StoredActions;
/** `<n+1>-<8 hex>`: the counter orders edits for a human, the random part makes it unique. */
export declare function nextVersion(previous: string): string;
export declare function encodeActions(file: StoredActions): Buffer;
/** Throws when the object is not an actions file (then nothing should overwrite it blindly). */
export declare function decodeActions(key: string, body: Buffer): StoredActions;
