/** The segment worker thread: builds the objects of one segment per message (segment-objects.ts). */
import { parentPort } from 'node:worker_threads';
import { buildObjects } from './segment-objects';

export interface BuildRequest {
  id: number;
  file: string;
  skip: string[];
  max: number;
  level?: number;
}

parentPort!.on('message', (req: BuildRequest) => {
  buildObjects(req.file, req.skip, req.max, req.level).then(
    (result) => parentPort!.postMessage({ id: req.id, result }),
    (err: NodeJS.ErrnoException) => parentPort!.postMessage({ id: req.id, error: { message: err.message, code: err.code } }),
  );
});
