/** Whether CSS the marketer typed parses in this browser, and field values (`css@attr`) too. */
import { splitField } from '@actionlake/sdk';
import { parses } from '../model/dom';

export { parses };

/** `.price`, `.price@content`, `@data-sku` or `.price::text` (split as the SDK splits it). */
export function fieldParses(field: string): boolean {
  const f = splitField(field);
  return f.selector === '' ? f.attr !== undefined || !!f.own : parses(f.selector);
}
