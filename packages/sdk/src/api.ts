/**
 * The public face of the SDK: its options (script-tag attributes map onto them, browser.ts), the
 * API object every page calls (`window.actionlake`, or createActionLake's result), and the API of
 * an SDK that cannot run (no browser, a bad site id), whose calls do nothing. Types and two tiny
 * constructors only, so the npm package's .d.ts and the script tag share one definition.
 */
import type { ActionDefinition, Scalar } from '@actionlake/schema';

export type ConsentState = 'granted' | 'denied';

export interface ActionLakeOptions {
  /** Site id, `^[a-z0-9][a-z0-9_-]{0,63}$`. */
  site: string;
  /** Collector origin, e.g. `https://collect.example.com`. */
  collector: string;
  /** Automatic click capture on links and buttons (default true). */
  autocapture?: boolean;
  /** 'pending': nothing leaves the page and nothing is stored until consent('granted'). Default 'granted'. */
  consent?: 'pending' | 'granted';
  /**
   * true: a browser sending Global Privacy Control is tracked like any other. Default false: it is
   * treated as `denied` until the site calls consent('granted') (script tag: `data-gpc="ignore"`).
   */
  ignoreGpc?: boolean;
  /** Cap on the bytes of events kept while unsent (default 5 MB); past it the oldest are dropped and counted. */
  maxStoredBytes?: number;
  /** Longest wait between an event and a send attempt, in ms (default 1000; a full batch of 50 goes at once). */
  flushIntervalMs?: number;
}

export interface DebugInfo {
  stored: number;
  dropped: number;
  storage: 'indexeddb' | 'memory';
}

export interface ActionLake {
  /** Records a custom action (`action_type: 'custom'`). */
  track(action: string, attributes?: Record<string, Scalar>): void;
  /** Sets user_id for this and later events and records an `Identified` event with the traits. */
  identify(userId: string, traits?: Record<string, Scalar | null>): void;
  /** Records a page view of the current URL. */
  page(): void;
  consent(state: ConsentState): void;
  /** Forgets the user: clears user_id, starts a new anonymous_id and session. */
  reset(): void;
  /** Resolves once everything queued so far was acknowledged, or the attempt failed. Never rejects. */
  flush(): Promise<void>;
  /** For tests: what is queued and where. */
  _debug(): Promise<DebugInfo>;
  /** For the Action Recorder of this tab: the definitions it just saved apply from the next click on (absent: an SDK that cannot run). */
  _actions?(defs: ActionDefinition[]): void;
}


const EMPTY: DebugInfo = { stored: 0, dropped: 0, storage: 'memory' };

/** The API of an SDK that cannot run (no browser, bad config): every call is a harmless no-op. */
export const noopActionLake = (): ActionLake => {
  const nothing = () => undefined;
  return {
    track: nothing, identify: nothing, page: nothing, consent: nothing, reset: nothing,
    flush: async () => undefined, _debug: async () => emptyDebugInfo(),
  };
};

export const emptyDebugInfo = (): DebugInfo => {
  return { ...EMPTY };
};
