"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.runPool = runPool;
/**
 * Runs `task` over `items` with at most `limit` at a time. On the first failure no new task
 * starts; the ones under way finish, then it rejects with that failure.
 */
async function runPool(items, limit, task) {
    let next = 0;
    let failed = null;
    const lane = async () => {
        while (!failed && next < items.length) {
            const item = items[next++];
            try {
                await task(item);
            }
            catch (err) {
                failed ??= { err };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
    if (failed)
        throw failed.err;
}
