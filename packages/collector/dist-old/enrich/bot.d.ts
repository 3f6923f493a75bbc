/**
 * Bot classification (contract §8): every row gets `bot: {is_bot, class, reasons}`; rows are never
 * dropped for it. The user agent is checked against three short lists kept here (AI agents,
 * uptime monitors, automation tools), then against `isbot`'s maintained list of crawlers; the page's
 * own signals (`bot_signals`, e.g. `navigator.webdriver`) add automation. A new UA string costs
 * about 150 µs (isbot's pattern), so the verdict is cached per UA string (bounded LRU, UA_CACHE_SIZE)
 * and computed once per batch.
 */
import type { BotInfo } from '@actionlake/schema';
import { Lru } from './lru';
/** AI crawlers, assistants fetching for a user, and AI training crawlers (vendor-documented tokens). */
export declare const AI_AGENT_TOKENS: string[];
/** Uptime and synthetic monitoring services. */
export declare const MONITOR_TOKENS: string[];
/** Headless browsers, browser automation and HTTP libraries. */
export declare const AUTOMATION_TOKENS: string[];
/** shared by every row that is no bot (never mutated) */
export declare const NOT_A_BOT: BotInfo;
/** What the user agent alone says. */
export declare function classifyUa(ua: string | null | undefined): BotInfo;
/** The page's signals (`navigator.webdriver` → "webdriver", headless markers) on top of the UA's verdict. */
export declare function withSignals(fromUa: BotInfo, signals: readonly string[] | undefined): BotInfo;
/** classifyUa for the last `size` user agents seen (0: no cache). */
export declare class BotCache extends Lru<BotInfo> {
    constructor(size: number);
}
