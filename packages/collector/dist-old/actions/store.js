"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ActionStore = exports.FAILED_READ_MEMORY_MS = exports.EDIT_ATTEMPTS = void 0;
const deadline_1 = require("../lake/deadline");
const sink_1 = require("../lake/sink");
const stored_file_1 = require("./stored-file");
const site_queue_1 = require("./site-queue");
/** tries of one edit when other collectors keep writing the site in between */
exports.EDIT_ATTEMPTS = 8;
/** how long a failed read of a site is answered from memory (or refused) without asking the lake */
exports.FAILED_READ_MEMORY_MS = 2_000;
class ActionStore {
    o;
    queue = new site_queue_1.SiteQueue();
    cache = new Map();
    loading = new Map();
    /** bumped by every edit of a site, so a read started before it does not cache the old set */
    generation = new Map();
    /** the last failed read of a site: when, and what to throw when there is no copy to answer */
    failed = new Map();
    now;
    constructor(o) {
        this.o = o;
        this.now = o.now ?? (() => new Date());
    }
    /**
     * The current definitions of a site (version "0" and none when nothing is stored), or the last
     * copy in memory while the lake cannot be read; rejects when the lake fails and there is none.
     */
    async get(site) {
        const t = this.now().getTime();
        const hit = this.cache.get(site);
        if (hit && t - hit.at < this.o.cacheMs)
            return hit.view;
        const failure = this.failed.get(site);
        if (failure && t - failure.at < exports.FAILED_READ_MEMORY_MS) {
            if (hit)
                return hit.view;
            throw failure.err;
        }
        let p = this.loading.get(site);
        if (!p) {
            const gen = this.generation.get(site) ?? 0;
            p = this.read(site).then(({ file }) => {
                this.failed.delete(site);
                const view = viewOf(file);
                if ((this.generation.get(site) ?? 0) === gen)
                    this.remember(site, view);
                return view;
            }, (err) => this.readFailed(site, err));
            const done = () => {
                if (this.loading.get(site) === p)
                    this.loading.delete(site);
            };
            p.then(done, done);
            this.loading.set(site, p);
        }
        return p;
    }
    readFailed(site, err) {
        this.failed.delete(site);
        this.failed.set(site, { at: this.now().getTime(), err });
        const max = this.o.maxCachedSites ?? 1000;
        while (this.failed.size > max)
            this.failed.delete(this.failed.keys().next().value);
        const copy = this.cache.get(site);
        this.o.logger?.warn({ err, site, served: copy?.view.version ?? null }, copy ? 'could not read the action definitions; answering the copy in memory' : 'could not read the action definitions');
        if (!copy)
            throw err;
        return copy.view;
    }
    /**
     * Creates or replaces the definition with `action.id`. `ifMatch`: the versions the editor may
     * have seen (If-Match); when given and none is current, nothing is written.
     */
    put(site, action, ifMatch) {
        return this.edit(site, ifMatch, (actions) => {
            const i = actions.findIndex((a) => a.id === action.id);
            if (i >= 0) {
                actions[i] = action;
                return { created: false };
            }
            if (actions.length >= this.o.maxPerSite) {
                return `the site has ${actions.length} action definitions; the limit is ${this.o.maxPerSite} (ACTIONS_MAX_PER_SITE)`;
            }
            actions.push(action);
            return { created: true };
        });
    }
    remove(site, id, ifMatch) {
        return this.edit(site, ifMatch, (actions) => {
            const i = actions.findIndex((a) => a.id === id);
            if (i < 0)
                return null;
            actions.splice(i, 1);
            return { created: false };
        });
    }
    /**
     * One read-modify-write, queued behind the site's other edits and repeated when the object
     * changed between the read and the write. `change` edits the array in place and returns
     * {created}, null for "no such id", or a string when the site limit says no.
     */
    edit(site, ifMatch, change) {
        return this.queue.run(site, async () => {
            for (let attempt = 1;; attempt++) {
                const { file: current, condition } = await this.read(site);
                if (ifMatch && !ifMatch.includes(current.version))
                    return { status: 'version_mismatch', version: current.version };
                const actions = current.actions.slice();
                const changed = change(actions);
                if (changed === null)
                    return { status: 'not_found', version: current.version };
                if (typeof changed === 'string')
                    return { status: 'too_many', error: changed };
                const next = { version: (0, stored_file_1.nextVersion)(current.version), updated_at: this.now().toISOString(), actions };
                const body = (0, stored_file_1.encodeActions)(next);
                if (body.length > this.o.maxBytes) {
                    return { status: 'too_large', error: `the site's actions would be ${body.length} bytes as JSON; the limit is ${this.o.maxBytes} (ACTIONS_MAX_BYTES)` };
                }
                try {
                    await this.lake('writing', (signal) => this.o.sink.put((0, stored_file_1.actionsKey)(site), body, 'application/json', condition, { signal }));
                }
                catch (err) {
                    if (!(0, sink_1.isPreconditionFailed)(err) || attempt >= exports.EDIT_ATTEMPTS)
                        throw err;
                    // another collector wrote the site: wait a random while (so the two fall out of step), redo
                    await new Promise((r) => setTimeout(r, Math.random() * Math.min(5 * 2 ** attempt, 200)));
                    continue;
                }
                // reads that started before the write must not cache what they read
                this.generation.set(site, (this.generation.get(site) ?? 0) + 1);
                this.loading.delete(site);
                this.failed.delete(site);
                this.remember(site, viewOf(next));
                return { status: 'saved', version: next.version, created: changed.created };
            }
        });
    }
    /** The stored file and the condition under which a write replaces exactly it. */
    async read(site) {
        const key = (0, stored_file_1.actionsKey)(site);
        const stored = await this.lake('reading', (signal) => this.o.sink.get(key, { signal }));
        if (!stored)
            return { file: (0, stored_file_1.emptyActions)(), condition: { ifNoneMatch: true } };
        return { file: (0, stored_file_1.decodeActions)(key, stored.body), condition: stored.tag ? { ifMatch: stored.tag } : undefined };
    }
    /** A lake call within the request deadline, if there is one. */
    lake(what, call) {
        const ms = this.o.requestTimeoutMs;
        return ms ? (0, deadline_1.withDeadline)(ms, `${what} the action definitions (LAKE_REQUEST_TIMEOUT_MS)`, call) : call();
    }
    remember(site, view) {
        this.cache.delete(site); // re-inserted last: the map's order is the order of storing
        this.cache.set(site, { view, at: this.now().getTime() });
        const max = this.o.maxCachedSites ?? 1000;
        while (this.cache.size > max)
            this.cache.delete(this.cache.keys().next().value);
    }
}
exports.ActionStore = ActionStore;
function viewOf(file) {
    return { version: file.version, json: JSON.stringify({ version: file.version, actions: file.actions }) };
}
