/**
 * A row's `attributes` (contract §4: key -> string / number / boolean) from a vendor's fields: the
 * absent ones (undefined, null, empty text) are left out rather than stored as nulls.
 */
export type Attributes = Record<string, string | number | boolean>;

export function attributes(fields: Record<string, string | number | boolean | null | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  return out;
}
