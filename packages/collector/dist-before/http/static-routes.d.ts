import { type Router } from 'express';
export declare const BUNDLE_MAX_AGE_S = 300;
export declare function staticRouter(d: {
    sdkDir: string;
    recorderDir: string;
    demoDir: string | null;
}): Router;
