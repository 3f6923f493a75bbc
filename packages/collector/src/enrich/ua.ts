/** User-agent parsing (ua-parser-js 1.x, MIT) behind a bounded LRU cache keyed by the UA string. */
import type { UaInfo } from '@actionlake/schema';
import { Lru } from './lru';
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

/** parseUa for the last `size` user agents seen (0 disables caching). */
export class UaCache extends Lru<UaInfo> {
  constructor(size: number) {
    super(size, parseUa);
  }
}
