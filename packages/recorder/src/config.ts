/**
 * Where recorder.js learns its site and collector: the data attributes of the script tag sdk.js
 * injected (`data-site`, `data-collector`). Read at load time, while document.currentScript is set.
 */
export interface RecorderConfig {
  site: string;
  /** collector origin, no trailing slash */
  collector: string;
}

export function readConfig(doc: Document): RecorderConfig | null {
  const current = doc.currentScript as HTMLScriptElement | null;
  const script = current && current.dataset && current.dataset.site
    ? current
    : doc.querySelector<HTMLScriptElement>('script[src*="recorder.js"][data-site]');
  if (!script) return null;
  const site = script.dataset.site || '';
  let collector = script.dataset.collector || '';
  if (!collector) {
    try {
      collector = new URL(script.src, location.href).origin;
    } catch {
      return null;
    }
  }
  return site ? { site, collector: collector.replace(/\/+$/, '') } : null;
}
