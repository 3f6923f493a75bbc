"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.PLAIN_PSEUDOS = exports.ATTR_NAME = void 0;
exports.selectorProblem = selectorProblem;
/**
 * CSS selector checks for action definitions: what a browser's closest() / querySelector() would
 * refuse, refused before it is saved. css-what parses; on top of it we refuse what it lets through
 * but browsers throw on (a leading or trailing combinator, an empty selector, odd tag names,
 * pseudo-classes browsers do not know, bad :nth-*() arguments, `[attr=]`) and pseudo-elements,
 * which parse but never match an element, so a definition using one would never fire.
 */
const css_what_1 = require("css-what");
/** `selector@attr` / `@attr` in field values: read the attribute instead of the text (`selector::text`: its own text). */
exports.ATTR_NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*$/;
/** a trailing `@...` with no quote, bracket, parenthesis or space in it: an attribute suffix */
const ATTR_SUFFIX = /@([^@"'[\]()\s]*)$/;
const TAG_NAME = /^(?:[A-Za-z][-A-Za-z0-9_]*|\*)$/;
const COMBINATORS = new Set(['child', 'parent', 'sibling', 'adjacent', 'descendant', 'column-combinator']);
/** pseudo-classes taking a selector list (css-what parses it) */
const SELECTOR_PSEUDOS = new Set(['not', 'is', 'where', 'has']);
/** pseudo-classes taking an+b / odd / even; the first two also `of <selector>` */
const NTH_PSEUDOS = new Set(['nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type']);
const NTH_OF_PSEUDOS = new Set(['nth-child', 'nth-last-child']);
/** pseudo-classes without argument that browsers support in querySelector() / closest() */
exports.PLAIN_PSEUDOS = new Set([
    'first-child', 'last-child', 'only-child', 'first-of-type', 'last-of-type', 'only-of-type', 'empty', 'root', 'scope',
    'checked', 'disabled', 'enabled', 'required', 'optional', 'link', 'any-link', 'visited', 'hover', 'active', 'focus',
    'focus-within', 'focus-visible', 'target', 'read-only', 'read-write', 'placeholder-shown', 'default', 'indeterminate',
    'valid', 'invalid', 'in-range', 'out-of-range', 'defined',
]);
/** pseudo-elements that CSS 2 let be written with one colon */
const LEGACY_PSEUDO_ELEMENTS = new Set(['before', 'after', 'first-line', 'first-letter']);
const AN_PLUS_B = /^(?:odd|even|[+-]?\d+|[+-]?\d*n(?:\s*[+-]\s*\d+)?)$/i;
const QUOTED = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g;
/** null when `value` is usable, else why not, naming `field`. */
function selectorProblem(field, value, rules) {
    if (typeof value !== 'string')
        return `${field} must be a string (a CSS selector)`;
    if (value.length > rules.maxLength) {
        return `${field} is ${value.length} characters long; the limit is ${rules.maxLength} (ACTION_SELECTOR_MAX_LENGTH)`;
    }
    // `sel::text`: a field reading the element's own text (its text nodes, not its children's)
    let css = rules.allowAttr && value.endsWith('::text') ? value.slice(0, -6) : value;
    if (css !== value && css.trim() === '')
        return null;
    const m = ATTR_SUFFIX.exec(css);
    if (m && !rules.allowAttr && exports.ATTR_NAME.test(m[1])) {
        return `${field}: "@${m[1]}" reads an attribute, which only product and attributes values can do`;
    }
    if (m && rules.allowAttr) {
        if (!exports.ATTR_NAME.test(m[1]))
            return `${field}: "@${m[1]}" is not a valid attribute name (after @: ${exports.ATTR_NAME.source})`;
        css = css.slice(0, m.index);
        if (css.trim() === '')
            return null; // `@attr`: the attribute of the container itself
    }
    if (css.trim() === '')
        return `${field} must not be empty`;
    let parsed;
    try {
        parsed = (0, css_what_1.parse)(css);
    }
    catch (err) {
        return `${field} is not a valid CSS selector: ${err.message}`;
    }
    const problem = emptyAttributeValue(css) ?? structureProblem(parsed);
    return problem ? `${field} is not a valid CSS selector: ${problem}` : null;
}
/** `[data-x=]`: css-what reads it as `[data-x=""]`, browsers refuse it. */
function emptyAttributeValue(css) {
    const m = /\[[^\]]*?[~|^$*]?=\s*\]/.exec(css.replace(QUOTED, '""'));
    return m ? `${m[0]} has no value (an empty one must be quoted: "")` : null;
}
/** `relative`: inside :has(), where `> a` and `+ a` are allowed; `inHas`: anywhere inside :has(). */
function structureProblem(groups, relative = false, inHas = false) {
    if (!groups.length)
        return 'empty selector';
    for (const tokens of groups) {
        if (!tokens.length)
            return 'empty selector';
        if (!relative && COMBINATORS.has(tokens[0].type))
            return `starts with a combinator (${tokens[0].type})`;
        const last = tokens[tokens.length - 1];
        if (COMBINATORS.has(last.type))
            return `ends with a combinator (${last.type})`;
        for (const t of tokens) {
            if (t.type === 'tag' && !TAG_NAME.test(t.name))
                return `"${t.name}" is not a tag name`;
            if (t.type === 'pseudo-element' || (t.type === 'pseudo' && LEGACY_PSEUDO_ELEMENTS.has(t.name))) {
                return `the pseudo-element ::${t.name} is never the element clicked; select the element itself`;
            }
            if (t.type === 'pseudo') {
                if (inHas && t.name === 'has')
                    return ':has() inside :has() (browsers refuse nested :has)';
                const inner = pseudoProblem(t.name, t.data, inHas);
                if (inner)
                    return inner;
            }
        }
    }
    return null;
}
function pseudoProblem(name, data, inHas) {
    if (SELECTOR_PSEUDOS.has(name)) {
        if (!Array.isArray(data))
            return `:${name}() needs a selector list`;
        const inner = structureProblem(data, name === 'has', inHas || name === 'has');
        return inner ? `inside :${name}(): ${inner}` : null;
    }
    if (NTH_PSEUDOS.has(name)) {
        if (typeof data !== 'string')
            return `:${name}() needs an argument (an+b, odd or even)`;
        const m = /^(.*?)(?:\s+of\s+(.*))?$/is.exec(data.trim());
        if (!AN_PLUS_B.test(m[1])) {
            return `:${name}(${data.trim()}): the argument must be an+b, odd or even${NTH_OF_PSEUDOS.has(name) ? ', optionally followed by "of <selector>"' : ''}`;
        }
        if (m[2] === undefined)
            return null;
        if (!NTH_OF_PSEUDOS.has(name))
            return `:${name}() takes no "of <selector>" (only :nth-child() and :nth-last-child() do)`;
        let of;
        try {
            of = (0, css_what_1.parse)(m[2]);
        }
        catch (err) {
            return `inside :${name}(... of): ${err.message}`;
        }
        const inner = structureProblem(of);
        return inner ? `inside :${name}(... of): ${inner}` : null;
    }
    if (name === 'lang')
        return typeof data === 'string' && data.trim() ? null : ':lang() needs a language, e.g. :lang(en)';
    if (name === 'dir')
        return typeof data === 'string' && /^\s*(?:ltr|rtl)\s*$/i.test(data) ? null : ':dir() takes ltr or rtl';
    if (exports.PLAIN_PSEUDOS.has(name))
        return data === null ? null : `:${name} takes no argument`;
    return `unknown pseudo-class :${name}${data === null ? '' : '()'} (browsers refuse it)`;
}
