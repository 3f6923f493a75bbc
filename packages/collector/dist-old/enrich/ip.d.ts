import type { IpMode, TrustProxy } from '../config';
/** `::ffff:1.2.3.4` → `1.2.3.4`; strips an IPv6 zone; returns null for anything that is not an IP. */
export declare function normalizeIp(raw: string | undefined | null): string | null;
/**
 * The visitor's address. Only when a proxy is trusted is X-Forwarded-For read, from the right: each
 * trusted proxy appends the address it saw, so with n trusted proxies (`true` = 1) the visitor is
 * the n-th address from the end of [...X-Forwarded-For, socket]. Entries further left were written
 * by the visitor and are never believed.
 */
export declare function clientIp(socketAddress: string | undefined, forwardedFor: string | undefined, trust: TrustProxy): string | null;
/** IPv4 → /24 (last octet zeroed); IPv6 → /48 (first three groups kept). */
export declare function anonymizeIp(ip: string): string;
/** What the lake stores for `ip` under IP_MODE. Apply after the geo lookup. */
export declare function storedIp(ip: string | null, mode: IpMode): string | null;
