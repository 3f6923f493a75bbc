/**
 * The `consent` field of a lake row (contract §8): what the page sent with the event, or, for an
 * SDK too old to send it, DEFAULT_CONSENT. Such an SDK sent events only once it had consent
 * (`data-consent="pending"` held them until `consent('granted')`, and nothing was sent after
 * `consent('denied')`) and it did not read Global Privacy Control: so "granted", gpc false,
 * source "default".
 */
import type { ConsentInfo } from '@actionlake/schema';
export declare const DEFAULT_CONSENT: ConsentInfo;
export declare function consentOf(sent: ConsentInfo | undefined): ConsentInfo;
