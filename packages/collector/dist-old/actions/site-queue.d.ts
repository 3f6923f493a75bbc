/** Runs tasks of the same key one after another (a promise chain per key); other keys in parallel. */
export declare class SiteQueue {
    private readonly tails;
    run<T>(key: string, task: () => Promise<T>): Promise<T>;
}
