"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.normalizeIp = normalizeIp;
exports.clientIp = clientIp;
exports.anonymizeIp = anonymizeIp;
exports.storedIp = storedIp;
/** Client address: which one to trust, its canonical form, and how much of it the lake keeps. */
const node_net_1 = __importDefault(require("node:net"));
/** `::ffff:1.2.3.4` → `1.2.3.4`; strips an IPv6 zone; returns null for anything that is not an IP. */
function normalizeIp(raw) {
    if (!raw)
        return null;
    let ip = raw.trim();
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
    if (mapped)
        ip = mapped[1];
    const zone = ip.indexOf('%');
    if (zone > 0 && node_net_1.default.isIPv6(ip.slice(0, zone)))
        ip = ip.slice(0, zone);
    return node_net_1.default.isIP(ip) ? ip : null;
}
/**
 * The visitor's address. Only when a proxy is trusted is X-Forwarded-For read, from the right: each
 * trusted proxy appends the address it saw, so with n trusted proxies (`true` = 1) the visitor is
 * the n-th address from the end of [...X-Forwarded-For, socket]. Entries further left were written
 * by the visitor and are never believed.
 */
function clientIp(socketAddress, forwardedFor, trust) {
    if (trust === false || !forwardedFor)
        return normalizeIp(socketAddress);
    const chain = forwardedFor.split(',').map((s) => s.trim()).filter(Boolean);
    if (chain.length === 0)
        return normalizeIp(socketAddress);
    const hops = trust === true ? 1 : trust;
    const all = [...chain, socketAddress ?? ''];
    return normalizeIp(all[Math.max(0, all.length - 1 - hops)]);
}
/** Eight 16-bit groups of an IPv6 address (expands `::` and a trailing dotted quad). */
function ipv6Groups(ip) {
    let s = ip;
    const quad = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
    if (quad) {
        const [a, b, c, d] = quad.slice(1).map(Number);
        s = s.slice(0, quad.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
    }
    const [head, tail] = s.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail ? tail.split(':') : [];
    const fill = tail !== undefined ? 8 - h.length - t.length : 0;
    return [...h, ...Array(fill).fill('0'), ...t].map((g) => parseInt(g, 16));
}
/** Shortest text form of eight groups (RFC 5952: longest zero run of 2+ becomes `::`). */
function formatIpv6(groups) {
    let best = -1, bestLen = 0;
    for (let i = 0; i < 8;) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0)
            j++;
        if (j - i > bestLen && j - i >= 2) {
            best = i;
            bestLen = j - i;
        }
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best < 0)
        return hex.join(':');
    return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
/** IPv4 → /24 (last octet zeroed); IPv6 → /48 (first three groups kept). */
function anonymizeIp(ip) {
    if (node_net_1.default.isIPv4(ip))
        return ip.split('.').slice(0, 3).concat('0').join('.');
    if (node_net_1.default.isIPv6(ip)) {
        const g = ipv6Groups(ip);
        return formatIpv6([g[0], g[1], g[2], 0, 0, 0, 0, 0]);
    }
    return ip;
}
/** What the lake stores for `ip` under IP_MODE. Apply after the geo lookup. */
function storedIp(ip, mode) {
    if (ip === null || mode === 'none')
        return null;
    return mode === 'full' ? ip : anonymizeIp(ip);
}
