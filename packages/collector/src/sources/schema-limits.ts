/**
 * The lake row's limits that the Segment fast path (segment-text.ts and its page and products parts)
 * checks while it writes a row's text, read from lake-row.schema.json, where they are set once: the
 * fast path refuses (and hands to the general path, which validates) exactly what the schema would.
 * Lengths are in UTF-16 units there: within a maxLength in units is within it in code points.
 */
import fs from 'node:fs';

const schema = JSON.parse(fs.readFileSync(require.resolve('@actionlake/schema/lake-row.schema.json'), 'utf8'));
const { shortText, product, wireEventShape } = schema.definitions;
const wire = wireEventShape.properties;

export const MAX_ACTION: number = wire.action.maxLength;
export const MAX_ANONYMOUS_ID: number = wire.anonymous_id.maxLength;
export const MAX_USER_ID: number = wire.user_id.maxLength;
/** members of `attributes` (and of `traits`) */
export const MAX_MEMBERS: number = wire.attributes.maxProperties;
/** a page's url, path, title, referrer */
export const MAX_PAGE_FIELD: number = shortText.maxLength;
/** a utm_* value, a click id's name or value */
export const MAX_UTM_FIELD: number = wire.utm.properties.source.maxLength;
/** a product's name, brand, id, category, variant */
export const MAX_PRODUCT_FIELD: number = product.properties.name.maxLength;
export const MAX_PRODUCTS: number = wire.products.maxItems;
export const CURRENCY = new RegExp(product.properties.currency.pattern);
