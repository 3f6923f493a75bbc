/** @jest-environment jsdom */
import { readFields, readValue } from '@actionlake/sdk';
import { label } from '../src/edit/session';
import { fieldSelector as selectorFor } from '../src/model/propose';
import { FieldsView } from '../src/ui/fields-view';

beforeEach(() => {
  document.body.innerHTML = `<ul>
  <li class="product-card" data-sku="duke"><img class="pic" data-zoom="duke-big.jpg" alt=""><h2 class="title">Duke 200</h2>
    <p class="price">₹78,990</p><button class="buy">Add to cart</button></li>
  <li class="product-card" data-sku="classic"><img class="pic" alt=""><h2 class="title">Classic 350</h2>
    <p class="price">₹1,93,080</p><button class="buy">Add to cart</button></li></ul>
  <div class="plain"><span class="name">Solo</span></div>`;
});

const card = () => document.querySelector('.product-card')!;

test('a click on a field inside the container maps its selector relative to the container', () => {
  const sel = selectorFor(card().querySelector('.title')!, card());
  expect(readValue(card(), sel)).toBe('Duke 200');
  expect(readValue(document.querySelectorAll('.product-card')[1], sel)).toBe('Classic 350');
});

test('a click on the container itself reads its data-* attribute; a data-only element reads its attribute', () => {
  expect(selectorFor(card(), card())).toBe('@data-sku');
  const img = selectorFor(card().querySelector('img')!, card());
  expect(img).toMatch(/@data-zoom$/);
  expect(readValue(card(), img)).toBe('duke-big.jpg');
  const plain = document.querySelector('.plain')!;
  // the container's own text; browsers match `:scope` to the element itself (jsdom does not)
  expect(selectorFor(plain, plain)).toBe(':scope');
});

test('what the panel says was picked', () => {
  expect(label(card().querySelector('.buy')!)).toBe('button.buy “Add to cart”');
});

test('every product field the SDK reads has a map button, quantity too; a mapped quantity is a number', () => {
  const armed: string[] = [];
  const view = new FieldsView({ arm: (g, k) => armed.push(`${g}:${k}`), edit: () => {}, remove: () => {}, suggest: () => {}, problem: () => {} });
  const keys = Array.from(view.el.querySelectorAll<HTMLButtonElement>('[data-al^="map-"]')).map((b) => b.dataset.al);
  expect(keys).toEqual(['map-name', 'map-price', 'map-brand', 'map-id', 'map-category', 'map-variant', 'map-quantity', 'map-attr']);
  view.el.querySelector<HTMLButtonElement>('[data-al=map-quantity]')!.click();
  expect(armed).toEqual(['product:quantity']);
  card().insertAdjacentHTML('beforeend', '<span class="qty">Qty: 2</span>');
  const qty = selectorFor(card().querySelector('.qty')!, card());
  const def = { id: 'buy', name: 'Product clicked', selector: '.buy', container: '.product-card', product: { name: '.title', quantity: qty } };
  expect(readFields(def, card().querySelector('.buy')!).products).toEqual([{ name: 'Duke 200', quantity: 2 }]);
});

test('a field that looks wrong shows the offered element as one button; taking it calls back, and a right value hides it', () => {
  const taken: string[] = [];
  const view = new FieldsView({ arm: () => {}, edit: () => {}, remove: () => {}, suggest: (g, k) => taken.push(`${g}:${k}`), problem: () => {} });
  const row = { group: 'product' as const, key: 'name', selector: '.add-cart', value: '+ Add To Cart' };
  view.render([{ ...row, suggestion: '‘Diagonal Textured Cap’ (h6)' }]);
  const offer = view.el.querySelector<HTMLButtonElement>('[data-al=field-name] [data-al=suggest]')!;
  expect(offer.hidden).toBe(false);
  expect(offer.textContent).toBe('Use ‘Diagonal Textured Cap’ (h6) instead?');
  offer.click();
  expect(taken).toEqual(['product:name']);
  view.update([{ ...row, selector: 'h6', value: 'Diagonal Textured Cap' }]);
  expect(offer.hidden).toBe(true);
});
