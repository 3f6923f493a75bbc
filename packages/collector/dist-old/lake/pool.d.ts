/**
 * Runs `task` over `items` with at most `limit` at a time. On the first failure no new task
 * starts; the ones under way finish, then it rejects with that failure.
 */
export declare function runPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void>;
