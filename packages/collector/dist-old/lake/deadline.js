"use strict";
/**
 * Deadlines for lake calls. A store that accepts connections and never answers must not hold an
 * HTTP answer (/readyz, GET actions) or the shutdown for the AWS SDK's own timeouts and retries
 * (S3_REQUEST_TIMEOUT_MS × S3_MAX_ATTEMPTS): the call is aborted (its AbortSignal) and rejected
 * at the deadline, whether or not the sink honours the signal.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.DeadlineExceeded = void 0;
exports.withDeadline = withDeadline;
exports.untilAborted = untilAborted;
/** The call did not finish in time; a sink may still complete it later (a put may land). */
class DeadlineExceeded extends Error {
    code = 'DeadlineExceeded';
    constructor(what, ms) {
        super(`${what} did not answer within ${ms} ms`);
        this.name = 'DeadlineExceeded';
    }
}
exports.DeadlineExceeded = DeadlineExceeded;
/** Runs `call` with a signal aborted after `ms`; rejects with DeadlineExceeded at that time. */
function withDeadline(ms, what, call) {
    const controller = new AbortController();
    const err = new DeadlineExceeded(what, ms);
    const timer = setTimeout(() => controller.abort(err), ms);
    return untilAborted(call(controller.signal), controller.signal).finally(() => clearTimeout(timer));
}
/** `work`, or a rejection with the signal's reason as soon as `signal` aborts. */
function untilAborted(work, signal) {
    if (signal.aborted) {
        work.catch(() => undefined);
        return Promise.reject(signal.reason);
    }
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}
