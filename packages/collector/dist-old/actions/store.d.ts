/**
 * A site's action definitions, stored in the lake (LakeSink) so they survive restarts and are
 * shared by every collector on the same lake.
 *
 * Edits of one site run one after another in this process, each reading the stored object,
 * changing one definition and writing the whole object back on the condition that it is still the
 * object read (LakeSink put with ifMatch / ifNoneMatch). When another collector on the same lake
 * wrote in between, the edit is applied again to what it wrote (up to EDIT_ATTEMPTS times), so
 * concurrent edits of different ids all survive, and If-Match is checked against what is stored.
 *
 * Reads are answered from memory for up to `cacheMs`; this process's own edits update that copy
 * at once, edits made through another collector show after at most `cacheMs`. When the lake cannot
 * be read, the last copy in memory (however old) is answered instead, and the failure is
 * remembered for FAILED_READ_MEMORY_MS, so an outage does not cost one lake read per page view.
 */
import type { ActionDefinition } from '@actionlake/schema';
import type { Logger } from 'pino';
import { type LakeSink } from '../lake/sink';
/** tries of one edit when other collectors keep writing the site in between */
export declare const EDIT_ATTEMPTS = 8;
/** how long a failed read of a site is answered from memory (or refused) without asking the lake */
export declare const FAILED_READ_MEMORY_MS = 2000;
export interface ActionStoreOptions {
    sink: LakeSink;
    cacheMs: number;
    maxPerSite: number;
    maxBytes: number;
    /** sites whose last copy is kept in memory (least recently stored dropped); default 1000 */
    maxCachedSites?: number;
    now?: () => Date;
    /** deadline of each lake read and write (LAKE_REQUEST_TIMEOUT_MS): they answer HTTP requests */
    requestTimeoutMs?: number;
    /** warned when a read fails (once per FAILED_READ_MEMORY_MS and site) */
    logger?: Logger;
}
/** What GET answers: the version (the ETag) and the JSON `{version, actions}`, encoded once. */
export interface ActionSetView {
    version: string;
    json: string;
}
export type EditOutcome = {
    status: 'saved';
    version: string;
    created: boolean;
} | {
    status: 'version_mismatch';
    version: string;
} | {
    status: 'not_found';
    version: string;
} | {
    status: 'too_many' | 'too_large';
    error: string;
};
export declare class ActionStore {
    private readonly o;
    private readonly queue;
    private readonly cache;
    private readonly loading;
    /** bumped by every edit of a site, so a read started before it does not cache the old set */
    private readonly generation;
    /** the last failed read of a site: when, and what to throw when there is no copy to answer */
    private readonly failed;
    private readonly now;
    constructor(o: ActionStoreOptions);
    /**
     * The current definitions of a site (version "0" and none when nothing is stored), or the last
     * copy in memory while the lake cannot be read; rejects when the lake fails and there is none.
     */
    get(site: string): Promise<ActionSetView>;
    private readFailed;
    /**
     * Creates or replaces the definition with `action.id`. `ifMatch`: the versions the editor may
     * have seen (If-Match); when given and none is current, nothing is written.
     */
    put(site: string, action: ActionDefinition, ifMatch?: readonly string[] | null): Promise<EditOutcome>;
    remove(site: string, id: string, ifMatch?: readonly string[] | null): Promise<EditOutcome>;
    /**
     * One read-modify-write, queued behind the site's other edits and repeated when the object
     * changed between the read and the write. `change` edits the array in place and returns
     * {created}, null for "no such id", or a string when the site limit says no.
     */
    private edit;
    /** The stored file and the condition under which a write replaces exactly it. */
    private read;
    /** A lake call within the request deadline, if there is one. */
    private lake;
    private remember;
}
