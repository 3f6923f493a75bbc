/** Marketing source of a visit: from UTM tags, ad click ids and the referrer. */
import type { SourceType, Utm } from '@actionlake/schema';
/** Paid click ids and the network each belongs to, in priority order. */
export declare const CLICK_ID_NETWORKS: Record<string, string>;
export interface SourceInput {
    utm?: Utm;
    click_ids?: Record<string, string>;
    referrer?: string;
    pageUrl?: string;
}
export declare function classifySource(input: SourceInput): {
    source: string | null;
    source_type: SourceType;
};
