import { type BuiltSegment } from './segment-objects';
export declare class SegmentBuilder {
    private readonly useWorker;
    private worker;
    private readonly pending;
    private nextId;
    constructor(useWorker?: boolean);
    build(file: string, skip: readonly string[], max: number): Promise<BuiltSegment>;
    close(): Promise<void>;
    private start;
}
