/**
 * What a click records about the element: tag, text, a short CSS selector, href, id and classes,
 * each cut to a size the collector accepts. Which elements count as clickable for autocapture.
 * Input values and password fields are never read: a submit or button input's label is its
 * `value` attribute, which the page wrote, not the visitor.
 */
import type { ElementInfo } from '@actionlake/schema';
import { cut } from '../core/cut';

/** What counts as a clickable thing for autocapture. Text inputs and password fields never match. */
const CLICKABLE = 'a,button,[role=button],input[type=submit],input[type=button]';

const MAX_TEXT = 200;
/** Raw characters read before collapsing whitespace; plenty for 200 collapsed ones. */
const SCAN_TEXT = 1000;
const MAX_DEPTH = 4;
const IDENT = /^[A-Za-z_-][\w-]*$/;

/** The clickable element a click on `el` (or inside it) is about, or null. */
export const clickTarget = (el: Element | null): Element | null => {
  return el && el.closest(CLICKABLE);
};

/** Inputs whose `value` attribute is the label the page wrote on a button, never typed by a visitor. */
const BUTTON_INPUT = /^(submit|button|reset)$/i;

/**
 * What a click event records about an element. Its text: whitespace-collapsed, trimmed, at most
 * 200 characters (only the first 1,000 are read); for a submit, button or reset input, its label,
 * the `value` attribute as the page wrote it. No other input has text: what visitors type
 * (the `value` property) is never read, nor any attribute of a text or password field.
 */
export const describeElement = (el: Element): ElementInfo => {
  const tag = el.tagName.toLowerCase();
  const info: ElementInfo = { tag: cut(tag, 64) };
  const text = tag !== 'input' ? elementText(el) : BUTTON_INPUT.test(el.getAttribute('type')!) ? label(el.getAttribute('value') || '') : '';
  if (text) info.text = text;
  info.selector = cssSelector(el);
  const href = tag === 'a' ? (el as HTMLAnchorElement).href : '';
  if (typeof href === 'string' && href) info.href = cut(href, 2048);
  if (el.id) info.id = cut(el.id, 256);
  const classes = classList(el);
  if (classes.length) info.classes = classes.slice(0, 50).map((c) => cut(c, 256));
  return info;
};

/**
 * An element's text as events carry it: whitespace collapsed, trimmed, at most 200 characters.
 * Cut before collapsing: a click on a large container must not scan megabytes of text.
 */
export const elementText = (el: Element): string => {
  return label(el.textContent || '');
};

const label = (raw: string): string => cut(collapse(cut(raw.trimStart(), SCAN_TEXT)), MAX_TEXT);


export const collapse = (s: string): string => {
  return s.replace(/\s+/g, ' ').trim();
};

/**
 * A short selector: `#id` when the element has a usable id, else a `tag.class` path of up to four
 * levels, stopping early at an ancestor with an id. An input names its type (`input[type=submit]`),
 * so the submit button of a form is not every input of it.
 */
export const cssSelector = (el: Element): string => {
  const parts: string[] = [];
  let cur: Element | null = el;
  while (cur && parts.length < MAX_DEPTH) {
    const tag = cur.tagName.toLowerCase();
    if (cur.id && IDENT.test(cur.id)) {
      parts.unshift('#' + cur.id);
      break;
    }
    if (tag === 'html' || tag === 'body') {
      if (!parts.length) parts.unshift(tag);
      break;
    }
    const cls = classList(cur).filter((c) => IDENT.test(c)).slice(0, 2);
    // an input's type as the page wrote it (HTML matches the type attribute whatever its case)
    const type = tag === 'input' ? cur.getAttribute('type') : '';
    parts.unshift(tag + (type && IDENT.test(type) ? '[type=' + type.toLowerCase() + ']' : '') + (cls.length ? '.' + cls.join('.') : ''));
    cur = cur.parentElement;
  }
  return cut(parts.join(' > '), 1024);
};

const classList = (el: Element): string[] => {
  const raw = el.getAttribute('class');
  return raw ? raw.split(/\s+/).filter(Boolean) : [];
};
