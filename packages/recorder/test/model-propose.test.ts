/** @jest-environment jsdom */
import 'css.escape';
import { elementText, matchAction } from '@actionlake/sdk';
import { fieldSelector, propose, type Proposal } from '../src/model/propose';

function html(s: string): void {
  document.body.innerHTML = s;
}
function all(sel: string): Element[] {
  return Array.from(document.querySelectorAll(sel));
}
/** Every selector of a proposal parses, is short enough, and `matches` is what it matches. */
function wellFormed(p: Proposal): void {
  for (const s of [p.selector, p.containerSelector, p.fallback && p.fallback.path]) {
    if (s === undefined) continue;
    expect(() => document.querySelectorAll(s)).not.toThrow();
    expect(s.length).toBeGreaterThan(0);
    expect(s.length).toBeLessThanOrEqual(1024);
  }
  expect(p.matches).toEqual(all(p.selector));
}
/** The text each item yields for a field selector, read the way the SDK reads it. */
function read(items: Element[], sel: string): (string | null)[] {
  return items.map((c) => {
    const el = sel === '' ? c : c.matches(sel) ? c : c.querySelector(sel);
    return el ? (el.textContent || '').trim() : null;
  });
}

const card = (i: number, name: string, price: string, brand: string): string => `
  <div class="card">
    <h3 class="name">${name}</h3>
    <div class="meta"><span class="price">${price}</span><span class="brand">${brand}</span></div>
    <button class="btn btn-primary add" id="add-${i}"><span class="icon">+</span> <span>Add to cart</span></button>
  </div>`;

describe('cards with classes, no data attributes', () => {
  beforeEach(() =>
    html(`<header><button class="btn btn-primary">Checkout</button></header>
      <div class="products">${card(1, 'Alpha', '$10', 'Acme')}${card(2, 'Beta', '$20', 'Bolt')}${card(3, 'Gamma', '$30', 'Core')}</div>`));

  test('a click on the inner <span> proposes the button in every card, not the header button', () => {
    const cards = all('.card');
    const buttons = all('.card button');
    const p = propose(cards[2].querySelector('button span:last-child')!);
    wellFormed(p);
    expect(p.container).toBe(cards[2]);
    expect(all(p.containerSelector!)).toEqual(cards);
    expect(p.matches).toEqual(buttons);
    expect(p.selector).not.toMatch(/add-\d/); // per-instance ids are never used
    expect(p.fallback).toEqual({ path: 'div > button', text: '+ Add to cart' });
  });

  test('field selectors find each card\'s own name, price and brand', () => {
    const cards = all('.card');
    const c = cards[0];
    const name = fieldSelector(c.querySelector('h3')!, c);
    const price = fieldSelector(c.querySelector('.price')!, c);
    const brand = fieldSelector(c.querySelector('.brand')!, c);
    expect(read(cards, name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(read(cards, price)).toEqual(['$10', '$20', '$30']);
    expect(read(cards, brand)).toEqual(['Acme', 'Bolt', 'Core']);
    expect([name, price, brand]).toEqual(['.name', '.price', '.brand']);
  });
});

describe('cards identified only by a data attribute', () => {
  beforeEach(() =>
    html(`<main>${['Tea', 'Coffee', 'Cocoa']
      .map((n, i) => `<div data-product-id="${i + 1}">
        <div data-field="name">${n}</div><div data-field="price">${i + 3}.00 EUR</div>
        <div><button data-action="add" type="button">Add</button><button data-action="wish" type="button">Wish</button></div>
      </div>`).join('')}</main>`));

  test('container by data-* name, button by its shared data-action value', () => {
    const items = all('[data-product-id]');
    const p = propose(items[1].querySelector('[data-action=add]')!);
    wellFormed(p);
    expect(p.container).toBe(items[1]);
    expect(p.containerSelector).toBe('[data-product-id]');
    expect(p.matches).toEqual(all('[data-action=add]'));
    expect(p.selector).not.toMatch(/data-product-id="/);
    expect(p.fallback).toEqual({ path: 'div > div:nth-of-type(3) > button:nth-of-type(1)', text: 'Add' });
  });

  test('fields: a data-* value shared by every item is used, per-item values are not', () => {
    const items = all('[data-product-id]');
    const c = items[2];
    const name = fieldSelector(c.querySelector('[data-field=name]')!, c);
    const price = fieldSelector(c.querySelector('[data-field=price]')!, c);
    expect(read(items, name)).toEqual(['Tea', 'Coffee', 'Cocoa']);
    expect(read(items, price)).toEqual(['3.00 EUR', '4.00 EUR', '5.00 EUR']);
    expect(price).toBe('[data-field="price"]');
  });
});

describe('nested repeated structures', () => {
  const shelf = (t: string, names: string[]): string => `<section class="shelf"><h2>${t}</h2><div class="row">${names
    .map((n) => `<div class="tile"><p class="title">${n}</p><button class="buy">Buy</button></div>`).join('')}</div></section>`;
  beforeEach(() =>
    html(`<nav><ul class="menu">${['Home', 'Shop', 'Help'].map((n) => `<li><a href="/${n}">${n}</a></li>`).join('')}</ul></nav>
      ${shelf('New', ['A', 'B', 'C'])}${shelf('Sale', ['D', 'E'])}`));

  test('a button inside a card picks the card, not the repeated shelf, and matches buttons on both shelves', () => {
    const tiles = all('.tile');
    const p = propose(tiles[4].querySelector('button')!);
    wellFormed(p);
    expect(p.container).toBe(tiles[4]);
    expect(all(p.containerSelector!)).toEqual(tiles);
    expect(p.matches).toEqual(all('.tile button'));
    expect(read(tiles, fieldSelector(tiles[4].querySelector('.title')!, tiles[4]))).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  test('the shelf heading picks the shelf (the nearest repeated ancestor)', () => {
    const shelves = all('section');
    const h = shelves[1].querySelector('h2')!;
    const p = propose(h);
    wellFormed(p);
    expect(p.container).toBe(shelves[1]);
    expect(p.matches).toEqual(all('section h2'));
  });

  test('a nav link picks its <li>, and the selector does not reach the card buttons', () => {
    const lis = all('nav li');
    const p = propose(lis[1].querySelector('a')!);
    wellFormed(p);
    expect(p.container).toBe(lis[1]);
    expect(all(p.containerSelector!)).toEqual(lis);
    expect(p.matches).toEqual(all('nav a'));
    expect(p.fallback).toBeUndefined(); // the link text differs per item, and the SDK ignores a text-less fallback
  });
});

describe('tables', () => {
  beforeEach(() =>
    html(`<table class="totals"><tbody><tr><td>Sum</td><td><a href="/x">Export</a></td></tr><tr><td>Tax</td><td><a href="/y">Export</a></td></tr></tbody></table>
      <table class="orders"><thead><tr><th>Id</th><th>Customer</th><th>Total</th><th></th></tr></thead><tbody>
      ${[1, 2, 3].map((i) => `<tr><td>#${i}</td><td>Customer ${i}</td><td>${i * 10}.00</td><td><a href="/o/${i}/edit">Edit</a> <a href="/o/${i}">View</a></td></tr>`).join('')}
      </tbody></table>`));

  test('a link in a row picks the row and matches the same link in every order row only', () => {
    const rows = all('table.orders tbody tr');
    const p = propose(rows[0].querySelectorAll('a')[1]);
    wellFormed(p);
    expect(p.container).toBe(rows[0]);
    expect(all(p.containerSelector!)).toEqual(rows);
    expect(p.matches).toEqual(rows.map((r) => r.querySelectorAll('a')[1]));
    expect(p.fallback).toEqual({ path: 'tr > td:nth-of-type(4) > a:nth-of-type(2)', text: 'View' });
  });

  test('cell fields by position', () => {
    const rows = all('table.orders tbody tr');
    const customer = fieldSelector(rows[1].querySelectorAll('td')[1], rows[1]);
    const total = fieldSelector(rows[1].querySelectorAll('td')[2], rows[1]);
    expect(read(rows, customer)).toEqual(['Customer 1', 'Customer 2', 'Customer 3']);
    expect(read(rows, total)).toEqual(['10.00', '20.00', '30.00']);
  });
});

describe('a single, non-repeated button', () => {
  test('no container; a unique selector via finder; text fallback', () => {
    html(`<div id="hero"><h1>Hi</h1><button class="cta">Sign up now</button></div><footer><button>Sign up</button></footer>`);
    const b = document.querySelector('#hero button')!;
    const p = propose(b);
    wellFormed(p);
    expect(p.container).toBeNull();
    expect(p.containerSelector).toBeUndefined();
    expect(p.matches).toEqual([b]);
    expect(p.selector).toBe('.cta');
    expect(p.fallback).toEqual({ path: 'div > button', text: 'Sign up now' });
  });

  test('generated ids and classes are not used for it', () => {
    html(`<div><button id=":r3:" class="css-1x2y3z">Go</button></div><div><button>Stop</button></div>`);
    const b = document.querySelector('button')!;
    const p = propose(b);
    wellFormed(p);
    expect(p.matches).toEqual([b]);
    expect(p.selector).not.toMatch(/css-|:r3:|r3/);
  });
});

describe('hash-like classes on the cards', () => {
  const hashed = (withTestId: boolean): string => `<div class="css-9a8b7c">${['One', 'Two', 'Three']
    .map((n, i) => `<div class="sc-bdfBwQ kGvAFP"${withTestId ? ' data-testid="product"' : ''}>
      <h3 class="sc-gsTCUz bhdLno">${n}</h3><span class="sc-dlfnbm jsx-123456">${i + 1}0 USD</span>
      <button class="sc-hKgILt Button_root__a1B2c">Add</button></div>`).join('')}</div>
    <div class="sc-xyzQW"><button class="sc-hKgILt Button_root__a1B2c">Newsletter</button></div>`;

  test('without data attributes: structural selectors, no generated class in any selector', () => {
    html(hashed(false));
    const cards = all('.kGvAFP');
    const p = propose(cards[0].querySelector('button')!);
    wellFormed(p);
    expect(p.container).toBe(cards[0]);
    expect(p.matches).toEqual(cards.map((c) => c.querySelector('button')));
    for (const s of [p.selector, p.containerSelector!]) expect(s).not.toMatch(/sc-|css-|kGvAFP|jsx-|Button_root/);
    const price = fieldSelector(cards[1].querySelector('span')!, cards[1]);
    expect(price).not.toMatch(/sc-|jsx-/);
    expect(read(cards, price)).toEqual(['10 USD', '20 USD', '30 USD']);
  });

  test('with a shared data-testid: container by that attribute', () => {
    html(hashed(true));
    const cards = all('[data-testid]');
    const p = propose(cards[2].querySelector('button')!);
    wellFormed(p);
    expect(p.containerSelector).toMatch(/^\[data-testid(="product")?\]$/);
    expect(p.matches).toEqual(cards.map((c) => c.querySelector('button')));
    expect(p.selector).not.toMatch(/sc-|kGvAFP|Button_root/);
  });
});

describe('other repeated shapes', () => {
  test('a whole-card link is its own container; fields inside it', () => {
    html(`<div class="grid">${['Red', 'Blue'].map((c) => `<a class="tile" href="/p/${c}"><img src="x.png" alt=""><span class="t">${c}</span><span class="p">5</span></a>`).join('')}</div>
      <a class="more" href="/all">All</a>`);
    const tiles = all('a.tile');
    const p = propose(tiles[1].querySelector('.t')!);
    wellFormed(p);
    expect(p.container).toBe(tiles[1]);
    expect(p.matches).toEqual(tiles);
    expect(p.fallback).toBeUndefined(); // the tile texts differ
    expect(fieldSelector(tiles[1], tiles[1])).toBe(':scope');
    expect(read(tiles, fieldSelector(tiles[1].querySelector('.t')!, tiles[1]))).toEqual(['Red', 'Blue']);
  });

  test('an icon button without text gets no fallback: a bare tag path alone would match unrelated pages', () => {
    html(`<div class="list">${[1, 2].map((i) => `<div class="item"><b>P${i}</b><button class="fav"><svg></svg></button></div>`).join('')}</div>`);
    const favs = all('button.fav');
    const p = propose(favs[1]);
    wellFormed(p);
    expect(p.matches).toEqual(favs);
    expect(p.fallback).toBeUndefined();
  });

  test('a +/- stepper: the card is the container and only the "+" buttons match', () => {
    html(`<ul class="cart">${[1, 2, 3].map((i) => `<li class="line"><span>Item ${i}</span><button>-</button><span class="qty">${i}</span><button>+</button></li>`).join('')}</ul>`);
    const lines = all('li.line');
    const plus = lines.map((l) => l.querySelectorAll('button')[1]);
    const p = propose(plus[0]);
    wellFormed(p);
    expect(p.container).toBe(lines[0]);
    expect(p.matches).toEqual(plus);
    expect(p.fallback).toEqual({ path: 'li > button:nth-of-type(2)', text: '+' });
  });

  test('a repeated wrapper inside the card that does not hold the clicked element is skipped', () => {
    html(`<div class="list">${[1, 2].map((i) => `<div class="product"><div class="col"><b class="n">P${i}</b></div><div class="col"><button class="go">Go</button></div></div>`).join('')}</div>`);
    const products = all('.product');
    const p = propose(products[1].querySelector('button')!);
    wellFormed(p);
    expect(p.container).toBe(products[1]);
    expect(p.matches).toEqual(all('button.go'));
    expect(read(products, fieldSelector(products[0].querySelector('b')!, products[0]))).toEqual(['P1', 'P2']);
  });
});

describe('robustness', () => {
  test('cards with a variant class and an extra badge: fields still correspond', () => {
    html(`<div class="list">
      <div class="card"><h3 class="name">A</h3><b class="price">1</b><button class="add">Add</button></div>
      <div class="card card--sale"><span class="badge">Sale</span><h3 class="name">B</h3><b class="price">2</b><button class="add">Add</button></div>
      <div class="card"><h3 class="name">C</h3><b class="price">3</b><button class="add">Add</button></div></div>`);
    const cards = all('.card');
    const p = propose(cards[0].querySelector('button')!);
    wellFormed(p);
    expect(all(p.containerSelector!)).toEqual(cards);
    expect(p.matches).toEqual(all('button.add'));
    expect(read(cards, fieldSelector(cards[0].querySelector('h3')!, cards[0]))).toEqual(['A', 'B', 'C']);
    expect(read(cards, fieldSelector(cards[2].querySelector('b')!, cards[2]))).toEqual(['1', '2', '3']);
  });

  test('very deep trees still give a selector that parses and is at most 1024 characters', () => {
    html('<div>'.repeat(300) + '<button>Deep</button>' + '</div>'.repeat(300) + '<div><button>Other</button></div>');
    const b = document.querySelector('button')!;
    const p = propose(b);
    wellFormed(p);
    expect(p.matches).toContain(b);
    expect(p.matches).not.toContain(document.querySelectorAll('button')[1]);
  });

  test('the fallback text is the SDK\'s elementText, so the SDK still finds the element by it after a class rename', () => {
    html(`<div id="f"><select class="size"><option>S</option><option>M</option></select></div><p><select><option>X</option></select></p>`);
    const sel = document.querySelector('select.size')!;
    const p = propose(sel);
    wellFormed(p);
    expect(p.fallback).toEqual({ path: 'div > select', text: elementText(sel) });
    const def = { id: 'size', name: 'Size picked', selector: p.selector, fallback: p.fallback };
    sel.className = 'renamed';
    expect(document.querySelectorAll(def.selector)).toHaveLength(0);
    expect(matchAction([def], sel, '/')!.el).toBe(sel);
  });

  test('an element not inside anything repeated, without classes: structural, unique', () => {
    html(`<main><section><p>One <a href="/a">link</a></p><p>Two</p></section></main>`);
    const a = document.querySelector('a')!;
    const p = propose(a);
    wellFormed(p);
    expect(p.container).toBeNull();
    expect(p.matches).toEqual([a]);
  });
});

describe('scoping when the short form over-matches', () => {
  test('same class elsewhere on the page (a lone item, a sidebar): the container is scoped by its list', () => {
    html(`<div id="products">${[1, 2].map((i) => `<div class="item"><a class="buy" href="/b/${i}">Buy</a></div>`).join('')}</div>
      <div class="item"><a class="buy" href="/x">Buy a gift card</a></div>
      <aside><div class="item"><span>Recent</span></div><div class="item"><span>Recent 2</span></div></aside>`);
    const items = all('#products > .item');
    const p = propose(items[0].querySelector('a')!);
    wellFormed(p);
    expect(p.container).toBe(items[0]);
    expect(all(p.containerSelector!)).toEqual(items);
    expect(p.containerSelector).toBe('#products > .item');
    expect(p.matches).toEqual(all('#products a'));
  });
});
