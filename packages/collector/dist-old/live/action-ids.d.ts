import type { ActionStore } from '../actions/store';
import type { ActionIdOf } from './hub';
export declare const REFRESH_MS = 5000;
export declare function actionIds(store: ActionStore, now?: () => number): {
    of: ActionIdOf;
    refresh(site: string): Promise<void>;
};
