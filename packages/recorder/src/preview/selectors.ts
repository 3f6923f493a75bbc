/** Whether CSS the marketer typed parses in this browser, and field values (`css@attr`) split. */
const ATTR = /@([A-Za-z_:][-\w:.]*)$/;

export function parses(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** The CSS part of a field value: `.price@content` → `.price`, `@data-sku` → ''. */
export function cssOfField(field: string): string {
  const m = ATTR.exec(field);
  return (m ? field.slice(0, m.index) : field).trim();
}

export function fieldParses(field: string): boolean {
  const css = cssOfField(field);
  return css === '' ? ATTR.test(field) : parses(css);
}
