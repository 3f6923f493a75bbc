/**
 * Object keys of the lake (contract §5): the layout is written once, in `@actionlake/schema/node`
 * (lake-layout.ts), shared with the analyst; the collector's lake/ modules take it from here.
 */
export { badRowSite, hourOf, objectKey, partitionPrefix, uniquePart, UNKNOWN_SITE, type RowKind } from '@actionlake/schema/node';
