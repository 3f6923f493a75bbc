// describeElement / cssSelector are pure functions of an Element; these tests use minimal stand-ins
// (no DOM in unit tests). Real browser behaviour is covered by the Playwright tests.
import { collapse, cssSelector, describeElement } from '../src/dom/element';

interface Fake {
  tagName: string;
  id?: string;
  className?: string;
  text?: string;
  href?: string;
  /** other attributes as the page wrote them */
  attrs?: Record<string, string>;
  parent?: Fake;
}

function el(f: Fake): Element {
  const node: Record<string, unknown> = {
    tagName: f.tagName.toUpperCase(),
    id: f.id || '',
    textContent: f.text ?? '',
    getAttribute: (n: string) => (n === 'class' ? f.className ?? null : f.attrs?.[n] ?? null),
    parentElement: f.parent ? el(f.parent) : null,
  };
  if (f.href !== undefined) node.href = f.href;
  if (f.tagName === 'input') {
    Object.defineProperty(node, 'value', { get: () => { throw new Error('input value was read'); } });
  }
  return node as unknown as Element;
}

describe('describeElement', () => {
  it('collapses whitespace in the text, trims it and caps it at 200 characters', () => {
    const info = describeElement(el({ tagName: 'button', text: '  Add \n\t to   cart  ' }));
    expect(info.text).toBe('Add to cart');
    expect(describeElement(el({ tagName: 'a', text: 'word '.repeat(100) })).text).toHaveLength(200);
  });

  it('collapses only the first 1,000 characters of a large element, not its whole text', () => {
    const big = el({ tagName: 'button', text: '\n    ' + 'Add  to cart \n'.repeat(200_000) }); // 2.8 MB
    const replace = jest.spyOn(String.prototype, 'replace');
    try {
      const info = describeElement(big);
      expect(info.text).toHaveLength(200);
      expect(info.text!.startsWith('Add to cart Add to cart')).toBe(true);
      const scanned = replace.mock.contexts.map((s) => String(s).length);
      expect(Math.max(...scanned)).toBeLessThanOrEqual(1000);
    } finally {
      replace.mockRestore();
    }
  });

  it("a submit or button input: its label (the value attribute the page wrote), and a selector naming its type", () => {
    const form = { tagName: 'form', id: 'signup' };
    const submit = describeElement(el({ tagName: 'input', className: 'send', attrs: { type: 'Submit', value: '  Subscribe \n now ' }, parent: form }));
    expect(submit).toEqual({ tag: 'input', text: 'Subscribe now', selector: '#signup > input[type=submit].send', classes: ['send'] });
    expect(describeElement(el({ tagName: 'input', attrs: { type: 'button', value: 'Sign in' }, parent: form }))).toMatchObject({ text: 'Sign in', selector: '#signup > input[type=button]' });
    expect(describeElement(el({ tagName: 'input', attrs: { type: 'submit' }, parent: form }))).toEqual({ tag: 'input', selector: '#signup > input[type=submit]' });
  });

  it('never reads what a visitor typed: a text or password input has no text, whatever its attributes', () => {
    // (the fake throws if the value property is read)
    for (const type of ['text', 'password', 'email', '']) {
      const info = describeElement(el({ tagName: 'input', attrs: { type, value: 'ann@example.com' }, parent: { tagName: 'form', id: 'signup' } }));
      expect(info.text).toBeUndefined();
    }
  });

  it('records href, id and classes of a link', () => {
    const info = describeElement(el({
      tagName: 'a', id: 'buy-now', className: 'btn  primary', text: 'Buy', href: 'https://shop.example/cart',
    }));
    expect(info).toEqual({
      tag: 'a', text: 'Buy', selector: '#buy-now', href: 'https://shop.example/cart', id: 'buy-now', classes: ['btn', 'primary'],
    });
  });
});

describe('cssSelector', () => {
  it('builds a tag.class path of at most four levels', () => {
    const deep = el({
      tagName: 'span', parent: { tagName: 'button', className: 'buy', parent: { tagName: 'li', className: 'product-card',
        parent: { tagName: 'ul', className: 'grid', parent: { tagName: 'main', parent: { tagName: 'body' } } } } },
    });
    expect(cssSelector(deep)).toBe('ul.grid > li.product-card > button.buy > span');
  });

  it('stops at an ancestor id and skips classes that are not plain identifiers', () => {
    const e = el({ tagName: 'a', className: 'md:flex x', parent: { tagName: 'nav', id: 'top' } });
    expect(cssSelector(e)).toBe('#top > a.x');
  });
});

describe('collapse', () => {
  it('turns any whitespace run into one space', () => {
    expect(collapse('\n a\u00a0\u00a0b \t')).toBe('a b');
  });
});
