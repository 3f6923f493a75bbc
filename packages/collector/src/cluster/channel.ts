/**
 * Requests and answers between the primary and one worker over node:cluster's IPC channel (the
 * primary holds one Channel per worker, a worker one for the primary). Every message is an object
 * with a string `al`, like the live view's (live/cluster-relay.ts), whose messages a Channel ignores.
 *
 * Sends never throw and never emit 'error': a process may die between the check that it is
 * connected and the write (EPIPE), and an unhandled 'error' on a cluster Worker kills the primary,
 * which takes every worker with it (issue 23, item 7). A request to a process that is gone fails;
 * one whose answer is lost fails when the channel closes or its timeout passes.
 */

/** The two ends node:cluster gives: a Worker in the primary, `process` in a worker. */
export interface Endpoint {
  send(message: unknown, callback: (err: Error | null) => void): unknown;
  connected(): boolean;
  onMessage(listener: (message: unknown) => void): void;
}

export function workerEndpoint(w: { send(m: unknown, cb: (err: Error | null) => void): unknown; isConnected(): boolean; on(event: 'message', fn: (m: unknown) => void): unknown }): Endpoint {
  return { send: (m, cb) => w.send(m, cb), connected: () => w.isConnected(), onMessage: (fn) => void w.on('message', fn) };
}

export function processEndpoint(): Endpoint {
  return {
    send: (m, cb) => (process.send ? process.send(m, undefined, undefined, cb) : cb(new Error('not a worker'))),
    connected: () => !!process.connected,
    onMessage: (fn) => void process.on('message', fn),
  };
}

/** Sends `message` if the other end is there; a failure is passed to `failed`, never thrown. */
export function sendSafely(end: Endpoint, message: unknown, failed?: (err: Error) => void): void {
  if (!end.connected()) return failed?.(new Error('the other process is gone'));
  try {
    end.send(message, (err) => err && failed?.(err));
  } catch (err) {
    failed?.(err as Error); // e.g. the channel closed in between
  }
}

type Handler = (body: unknown) => unknown;
type Message = { al: string; rq?: number; b?: unknown; err?: string };
const ANSWER = '=';

export class ChannelClosed extends Error {
  constructor(why: string) {
    super(`the ${why}`);
    this.name = 'ChannelClosed';
  }
}

export class Channel {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (err: Error) => void; timer?: NodeJS.Timeout }>();
  private closed: Error | null = null;

  /** `handlers`: what this end answers, by kind (a returned promise is awaited; a throw is the error). */
  constructor(private readonly end: Endpoint, private readonly handlers: Record<string, Handler>) {
    end.onMessage((m) => this.receive(m as Message));
  }

  /** Asks the other end; rejects when it is gone, answers with an error, or `timeoutMs` passes. */
  request<T>(kind: string, body?: unknown, timeoutMs?: number): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const rq = this.next++;
    return new Promise<T>((resolve, reject) => {
      const entry: { resolve: (v: unknown) => void; reject: (err: Error) => void; timer?: NodeJS.Timeout } = { resolve: resolve as (v: unknown) => void, reject };
      if (timeoutMs !== undefined) {
        entry.timer = setTimeout(() => this.fail(rq, new Error(`no answer to "${kind}" within ${timeoutMs} ms`)), timeoutMs);
        entry.timer.unref();
      }
      this.waiting.set(rq, entry);
      sendSafely(this.end, { al: kind, rq, b: body } satisfies Message, (err) => this.fail(rq, err));
    });
  }

  /** Tells the other end something that needs no answer (lost if it is gone). */
  post(kind: string, body?: unknown): void {
    sendSafely(this.end, { al: kind, b: body } satisfies Message);
  }

  /** The other end is gone: every request waiting for an answer fails, and later ones at once. */
  close(why: string): void {
    this.closed ??= new ChannelClosed(why);
    for (const rq of [...this.waiting.keys()]) this.fail(rq, this.closed);
  }

  private fail(rq: number, err: Error): void {
    const entry = this.waiting.get(rq);
    if (!entry) return;
    this.waiting.delete(rq);
    clearTimeout(entry.timer);
    entry.reject(err);
  }

  private receive(m: Message): void {
    if (!m || typeof m !== 'object' || typeof m.al !== 'string') return;
    if (m.al === ANSWER) {
      const entry = m.rq === undefined ? undefined : this.waiting.get(m.rq);
      if (!entry) return;
      this.waiting.delete(m.rq!);
      clearTimeout(entry.timer);
      if (m.err !== undefined) entry.reject(new Error(m.err));
      else entry.resolve(m.b);
      return;
    }
    const handler = Object.hasOwn(this.handlers, m.al) ? this.handlers[m.al] : undefined;
    if (!handler) return; // another module's message (the live view's)
    const answer = (b: unknown, err?: string): void => {
      if (m.rq !== undefined) sendSafely(this.end, { al: ANSWER, rq: m.rq, b, err } satisfies Message);
    };
    let result: unknown;
    try {
      result = handler(m.b);
    } catch (err) {
      return answer(undefined, (err as Error).message ?? String(err));
    }
    if (result instanceof Promise) result.then((b) => answer(b), (err: unknown) => answer(undefined, (err as Error)?.message ?? String(err)));
    else answer(result);
  }
}
