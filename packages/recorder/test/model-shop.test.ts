/** @jest-environment jsdom */
import 'css.escape';
import { readFileSync } from 'fs';
import { join } from 'path';
import { matchAction, readFields, type ActionDefinition } from '@actionlake/sdk';
import { fieldSelector, propose } from '../src/model/propose';

function loadShop(): void {
  const html = readFileSync(join(__dirname, '../../../examples/shop/index.html'), 'utf8');
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)![1].replace(/<script[\s\S]*?<\/script>/gi, '');
  document.documentElement.innerHTML = '<head></head><body>' + body + '</body>';
}

describe('demo shop', () => {
  beforeEach(loadShop);

  test('Add to cart: container is the product card, selector matches the 4 buttons and nothing else', () => {
    const cards = Array.from(document.querySelectorAll('li.product-card'));
    const buttons = Array.from(document.querySelectorAll('button.buy'));
    expect(cards).toHaveLength(4);
    const p = propose(buttons[1]);
    expect(p.container).toBe(cards[1]);
    expect(p.containerSelector).toMatch(/product-card/);
    expect(Array.from(document.querySelectorAll(p.containerSelector!))).toEqual(cards);
    expect(Array.from(document.querySelectorAll(p.selector))).toEqual(buttons);
    expect(p.matches).toEqual(buttons);
    expect(p.selector.startsWith(p.containerSelector! + ' ')).toBe(true);
    expect(p.fallback).toEqual({ path: 'li > button', text: 'Add to cart' });
  });

  test('fields of the card read each card\'s own values', () => {
    const cards = Array.from(document.querySelectorAll('li.product-card'));
    const p = propose(document.querySelectorAll('button.buy')[2]);
    const card = p.container!;
    const name = fieldSelector(card.querySelector('h2')!, card);
    const price = fieldSelector(card.querySelector('.price')!, card);
    const brand = fieldSelector(card.querySelector('.brand')!, card);
    expect(cards.map((c) => c.querySelector(name)!.textContent)).toEqual(['Duke 200', 'Classic 350', 'Pulsar NS200', 'Apache RTR 160']);
    expect(cards.map((c) => c.querySelector(brand)!.textContent)).toEqual(['KTM', 'Royal Enfield', 'Bajaj', 'TVS']);
    expect(cards.map((c) => c.querySelector(price)!.textContent)).toEqual(['₹78,990', '₹1,93,080', '₹1,42,000', '₹1,09,990']);
    expect(fieldSelector(card, card)).toBe(card.hasAttribute('data-sku') ? '@data-sku' : ':scope');
  });

  test('a non-repeated control (Subscribe) has no container and a unique selector', () => {
    const submit = document.querySelector('input[type=submit]')!;
    const p = propose(submit);
    expect(p.container).toBeNull();
    expect(p.containerSelector).toBeUndefined();
    expect(Array.from(document.querySelectorAll(p.selector))).toEqual([submit]);
  });
});

describe('demo shop, round trip through the SDK\'s own matching', () => {
  beforeEach(loadShop);

  function definition(): ActionDefinition {
    const card = document.querySelector('li.product-card')!;
    const p = propose(card.querySelector('button')!);
    return {
      id: 'add_to_cart',
      name: 'Add to cart',
      selector: p.selector,
      container: p.containerSelector,
      fallback: p.fallback,
      product: {
        name: fieldSelector(card.querySelector('.title')!, card),
        price: fieldSelector(card.querySelector('.price')!, card),
        brand: fieldSelector(card.querySelector('.brand')!, card),
      },
    };
  }

  test('a visitor\'s click on another card matches and reads that card\'s product', () => {
    const def = definition();
    const buttons = Array.from(document.querySelectorAll('button.buy'));
    const names = buttons.map((b) => {
      const m = matchAction([def], b, '/');
      expect(m && m.el).toBe(b);
      return readFields(def, m!.el).products![0];
    });
    expect(names.map((p) => [p.name, p.brand, p.price])).toEqual([
      ['Duke 200', 'KTM', 78990],
      ['Classic 350', 'Royal Enfield', 193080],
      ['Pulsar NS200', 'Bajaj', 142000],
      ['Apache RTR 160', 'TVS', 109990],
    ]);
    expect(matchAction([def], document.querySelector('h1')!, '/')).toBeNull();
    expect(matchAction([def], document.querySelector('input[type=submit]')!, '/')).toBeNull();
  });

  test('after a class rename the stored fallback still matches the buttons, and only them', () => {
    const def = definition();
    for (const b of Array.from(document.querySelectorAll('button.buy'))) b.className = 'add-btn';
    for (const c of Array.from(document.querySelectorAll('.product-card'))) c.className = 'card';
    const b = document.querySelectorAll('li button')[3];
    expect(document.querySelectorAll(def.selector)).toHaveLength(0);
    expect(matchAction([def], b, '/')!.el).toBe(b);
    expect(matchAction([def], document.querySelector('input[type=submit]')!, '/')).toBeNull();
  });
});
