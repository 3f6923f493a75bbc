/** @jest-environment jsdom */
import 'css.escape';
import { isStableClass } from '../src/model/propose';
import { isStableDataName, isStableId } from '../src/model/stable';

describe('isStableClass', () => {
  test.each([
    'product-card', 'buy', 'btn-primary', 'btn', 'title', 'price', 'card__title', 'card--featured',
    'productCard', 'col-md-6', 'mt-4', 'h2', 'grid', 'nav-link', 'add-to-cart', 'Button', 'o-layout__item',
  ])('%s is stable', (name) => expect(isStableClass(name)).toBe(true));

  test.each([
    'css-1x2y3z', 'css-k008qs', 'sc-bdfBwQ', 'kGvAFP', 'bhdLno', '_3xT9q', '_1a2b3', 'jsx-123456', 'jsx-2f3a',
    'Button_root__a1B2c', 'styles_card__3kQ9x', 'svelte-1x2y3z', 'emotion-0', 'ng-star-inserted', 'item-12345',
    'product2024', 'a1b2c3', 'active', 'hover', 'selected', 'focus', 'is-active', 'is-open', 'has-error', 'has-dropdown',
    '', 'x'.repeat(80),
  ])('%s is not stable', (name) => expect(isStableClass(name)).toBe(false));
});

describe('ids and data-* names', () => {
  test.each([
    ['products', true], ['main-nav', true], [':r1:', false], ['product-123', false], ['ember1234', false], ['1abc', false],
  ])('id %s -> %s', (id, ok) => expect(isStableId(id as string)).toBe(ok));

  test.each([
    ['data-product-id', true], ['data-action', true], ['data-testid', true], ['data-v-7ba5bd90', false],
    ['data-reactid', false], ['class', false], ['data-', false],
  ])('%s -> %s', (name, ok) => expect(isStableDataName(name as string)).toBe(ok));
});
