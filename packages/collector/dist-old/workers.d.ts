import type { Logger } from 'pino';
import type { Config } from './config';
export declare function workerSpoolDir(spoolDir: string, index: number): string;
/** The config one worker runs with. */
export declare function workerConfig(config: Config, index: number): Config;
/**
 * Segments no worker would read (left by a run with one process, in SPOOL_DIR itself, or by a run
 * with more workers) are moved into worker 1's folder under new numbers, so they reach the lake.
 */
export declare function adoptOrphanSegments(spoolDir: string, workers: number): number;
export declare function runPrimary(config: Config, logger: Logger): void;
/** In a worker: its index (1-based), or null in a process that is not one. */
export declare function workerIndex(): number | null;
