/**
 * Builds a segment's objects in a worker thread (one, started on first use, stopped by close()),
 * so the flush does not take CPU from the thread that answers requests. The objects are the same
 * as built in-process. Where the compiled worker is not available (the TypeScript sources run
 * by the unit tests), it builds in-process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildObjects, type BuiltSegment } from './segment-objects';
import type { BuildRequest } from './segment-worker';

const WORKER_FILE = path.join(__dirname, 'segment-worker.js');

type Reply = { id: number; result?: BuiltSegment; error?: { message: string; code?: string } };

export class SegmentBuilder {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: BuiltSegment) => void; reject: (e: unknown) => void }>();
  private nextId = 0;

  constructor(private readonly useWorker = fs.existsSync(WORKER_FILE)) {}

  build(file: string, skip: readonly string[], max: number, level?: number): Promise<BuiltSegment> {
    if (!this.useWorker) return buildObjects(file, skip, max, level);
    const worker = this.start();
    const id = ++this.nextId;
    return new Promise<BuiltSegment>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // keeps the process alive while it works for us
      worker.postMessage({ id, file, skip: [...skip], max, level } satisfies BuildRequest);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_FILE);
    w.unref();
    w.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) w.unref();
      if (reply.error) p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else {
        const r = reply.result!;
        // structured clone hands back Uint8Arrays: view them as Buffers again (no copy)
        for (const o of r.objects) o.body = Buffer.from(o.body.buffer, o.body.byteOffset, o.body.byteLength);
        p.resolve(r);
      }
    });
    const fail = (err: unknown) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the segment worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }
}
