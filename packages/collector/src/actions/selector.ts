/**
 * CSS selector checks for action definitions: what a browser's closest() / querySelector() would
 * refuse, refused before it is saved. css-what parses; on top of it we refuse what it lets through
 * but browsers throw on (a leading or trailing combinator, an empty selector, odd tag names).
 */
import { parse, type Selector } from 'css-what';

/** `selector@attr` / `@attr` in field values: read the attribute instead of the text. */
export const ATTR_NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*$/;
/** a trailing `@...` with no quote, bracket, parenthesis or space in it: an attribute suffix */
const ATTR_SUFFIX = /@([^@"'[\]()\s]*)$/;
const TAG_NAME = /^(?:[A-Za-z][-A-Za-z0-9_]*|\*)$/;
const COMBINATORS = new Set(['child', 'parent', 'sibling', 'adjacent', 'descendant', 'column-combinator']);

export interface SelectorRules {
  maxLength: number;
  /** field values: `css`, `css@attr` or `@attr` */
  allowAttr?: boolean;
}

/** null when `value` is usable, else why not, naming `field`. */
export function selectorProblem(field: string, value: unknown, rules: SelectorRules): string | null {
  if (typeof value !== 'string') return `${field} must be a string (a CSS selector)`;
  if (value.length > rules.maxLength) {
    return `${field} is ${value.length} characters long; the limit is ${rules.maxLength} (ACTION_SELECTOR_MAX_LENGTH)`;
  }
  let css = value;
  const m = ATTR_SUFFIX.exec(value);
  if (m && !rules.allowAttr && ATTR_NAME.test(m[1])) {
    return `${field}: "@${m[1]}" reads an attribute, which only product and attributes values can do`;
  }
  if (m && rules.allowAttr) {
    if (!ATTR_NAME.test(m[1])) return `${field}: "@${m[1]}" is not a valid attribute name (after @: ${ATTR_NAME.source})`;
    css = value.slice(0, m.index);
    if (css.trim() === '') return null; // `@attr`: the attribute of the container itself
  }
  if (css.trim() === '') return `${field} must not be empty`;
  let parsed: Selector[][];
  try {
    parsed = parse(css);
  } catch (err) {
    return `${field} is not a valid CSS selector: ${(err as Error).message}`;
  }
  const problem = structureProblem(parsed);
  return problem ? `${field} is not a valid CSS selector: ${problem}` : null;
}

/** `relative`: inside :has(), where `> a` and `+ a` are allowed. */
function structureProblem(groups: Selector[][], relative = false): string | null {
  if (!groups.length) return 'empty selector';
  for (const tokens of groups) {
    if (!tokens.length) return 'empty selector';
    if (!relative && COMBINATORS.has(tokens[0].type)) return `starts with a combinator (${tokens[0].type})`;
    const last = tokens[tokens.length - 1];
    if (COMBINATORS.has(last.type)) return `ends with a combinator (${last.type})`;
    for (const t of tokens) {
      if (t.type === 'tag' && !TAG_NAME.test(t.name)) return `"${t.name}" is not a tag name`;
      if (t.type === 'pseudo' && Array.isArray(t.data)) {
        const inner = structureProblem(t.data, t.name === 'has');
        if (inner) return `inside :${t.name}(): ${inner}`;
      }
    }
  }
  return null;
}
