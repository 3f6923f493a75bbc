import { isNewPage } from '../src/core/navigation';

describe('isNewPage (single-page-app page views)', () => {
  it.each([
    ['https://s.example/a', 'https://s.example/b', true],
    ['https://s.example/a', 'https://s.example/a?page=2', true],
    ['https://s.example/a', 'https://s.example/a', false],
    ['https://s.example/a', 'https://s.example/a#reviews', false],
    ['https://s.example/a#reviews', 'https://s.example/a#specs', false],
    ['https://s.example/#/cart', 'https://s.example/#/checkout', true],
    ['https://s.example/#!/cart', 'https://s.example/#!/checkout', true],
    ['https://s.example/', 'https://s.example/#/cart', true],
    ['https://s.example/#/cart', 'https://s.example/#/cart', false],
  ])('%s → %s: %s', (prev, next, expected) => {
    expect(isNewPage(prev, next)).toBe(expected);
  });
});
