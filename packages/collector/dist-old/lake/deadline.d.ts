/**
 * Deadlines for lake calls. A store that accepts connections and never answers must not hold an
 * HTTP answer (/readyz, GET actions) or the shutdown for the AWS SDK's own timeouts and retries
 * (S3_REQUEST_TIMEOUT_MS × S3_MAX_ATTEMPTS): the call is aborted (its AbortSignal) and rejected
 * at the deadline, whether or not the sink honours the signal.
 */
/** The call did not finish in time; a sink may still complete it later (a put may land). */
export declare class DeadlineExceeded extends Error {
    readonly code = "DeadlineExceeded";
    constructor(what: string, ms: number);
}
/** Runs `call` with a signal aborted after `ms`; rejects with DeadlineExceeded at that time. */
export declare function withDeadline<T>(ms: number, what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T>;
/** `work`, or a rejection with the signal's reason as soon as `signal` aborts. */
export declare function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T>;
