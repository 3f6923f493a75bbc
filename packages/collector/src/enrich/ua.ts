/** User-agent parsing (ua-parser-js 1.x, MIT) behind a bounded LRU cache keyed by the UA string. */
import type { UaInfo } from '@actionlake/schema';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UAParser } = require('ua-parser-js') as { UAParser: new (ua?: string) => { getResult(): ParsedUa } };

interface ParsedUa {
  browser: { name?: string; version?: string };
  engine: { name?: string };
  os: { name?: string; version?: string };
  device: { type?: string; vendor?: string; model?: string };
}

const n = (v: string | undefined): string | null => v ?? null;

export function parseUa(raw: string | null | undefined): UaInfo {
  if (!raw) {
    return { raw: null, browser: { name: null, version: null }, os: { name: null, version: null }, device: { type: null, vendor: null, model: null }, engine: { name: null } };
  }
  const r = new UAParser(raw).getResult();
  return {
    raw,
    browser: { name: n(r.browser.name), version: n(r.browser.version) },
    os: { name: n(r.os.name), version: n(r.os.version) },
    device: { type: n(r.device.type), vendor: n(r.device.vendor), model: n(r.device.model) },
    engine: { name: n(r.engine.name) },
  };
}

/** parseUa with an LRU of at most `size` UA strings (0 disables caching). */
export class UaCache {
  private readonly cache = new Map<string, UaInfo>();
  constructor(private readonly size: number) {}

  get(raw: string | null | undefined): UaInfo {
    if (!raw || this.size === 0) return parseUa(raw);
    const hit = this.cache.get(raw);
    if (hit) {
      this.cache.delete(raw);
      this.cache.set(raw, hit);
      return hit;
    }
    const info = parseUa(raw);
    this.cache.set(raw, info);
    if (this.cache.size > this.size) this.cache.delete(this.cache.keys().next().value as string);
    return info;
  }

  get entries(): number {
    return this.cache.size;
  }
}
