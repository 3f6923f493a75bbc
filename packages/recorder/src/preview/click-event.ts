/**
 * Test mode shows what sdk.js records for a click: the SDK's own clickEvent() (imported from
 * '@actionlake/sdk'), given the saved definitions and whether the page's tag has autocapture on.
 */

/** Whether the page's sdk.js tag has autocapture on (it is unless data-autocapture="off"). */
export function autocaptureOn(doc: Document): boolean {
  const tag = doc.querySelector('script[src*="sdk.js"][data-site]');
  return !tag || tag.getAttribute('data-autocapture') !== 'off';
}
