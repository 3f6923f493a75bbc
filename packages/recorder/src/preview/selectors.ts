/** Whether CSS the marketer typed parses in this browser, and field values (`css@attr`) too. */
import { splitField } from '@actionlake/sdk';
import { parses } from '../model/dom';

export { parses };

/** `.price`, `.price@content` or `@data-sku` (split as the SDK splits it). */
export function fieldParses(field: string): boolean {
  const f = splitField(field);
  return f.selector === '' ? f.attr !== undefined : parses(f.selector);
}
