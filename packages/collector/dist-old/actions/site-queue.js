"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SiteQueue = void 0;
/** Runs tasks of the same key one after another (a promise chain per key); other keys in parallel. */
class SiteQueue {
    tails = new Map();
    run(key, task) {
        const previous = this.tails.get(key) ?? Promise.resolve();
        const result = previous.then(task, task);
        const tail = result.then(() => undefined, () => undefined);
        this.tails.set(key, tail);
        void tail.then(() => {
            if (this.tails.get(key) === tail)
                this.tails.delete(key);
        });
        return result;
    }
}
exports.SiteQueue = SiteQueue;
