import { ACTION_ID_PATTERN } from '@actionlake/schema';
import { emptyDraft, formProblem, fromDefinition, slugify, toDefinition, withName } from '../src/draft/draft';

describe('slugify: the id derived from the action name', () => {
  test.each([
    ['Product clicked', 'product-clicked'],
    ['  Add to cart!  ', 'add-to-cart'],
    ['Café  Crème — Größe', 'cafe-creme-gro-e'],
    ['Plan: Pro (yearly)', 'plan-pro-yearly'],
    ['___', ''],
    ['購入', ''],
  ])('%j → %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  test('at most 64 characters, never ending in a dash, always a valid id when not empty', () => {
    const slug = slugify('a'.repeat(63) + ' b c');
    expect(slug).toBe('a'.repeat(63));
    for (const name of ['Product clicked', 'x'.repeat(200), '9 lives', 'A-B_C d']) expect(slugify(name)).toMatch(ACTION_ID_PATTERN);
  });
});

test('the id follows the name until the marketer edits it', () => {
  let d = withName(emptyDraft(), 'Product clicked');
  expect(d.id).toBe('product-clicked');
  d = { ...d, id: 'my-id', idEdited: true };
  expect(withName(d, 'Product viewed').id).toBe('my-id');
});

test('a draft becomes the stored definition without empty optional fields, and back', () => {
  const d = { ...withName(emptyDraft(), ' Product clicked '), selector: ' .card .buy ', container: '', url: '', product: { name: '.title' } };
  expect(toDefinition(d)).toEqual({ id: 'product-clicked', name: 'Product clicked', selector: '.card .buy', product: { name: '.title' } });
  const def = { id: 'x', name: 'X', selector: 'a', url: '/p/*', container: '.c', attributes: { plan: '@data-plan' }, fallback: { path: 'div > a', text: 'Buy' } };
  const back = fromDefinition(def);
  expect(back.original).toBe('x');
  expect(toDefinition(back)).toEqual(def);
});

test('a saved text-less fallback (the SDK ignores it) is not saved again', () => {
  const def = { id: 'x', name: 'X', selector: '.c a', fallback: { path: 'article > h2 > a' } };
  expect(toDefinition(fromDefinition(def))).toEqual({ id: 'x', name: 'X', selector: '.c a' });
});

test('what blocks saving in the form itself', () => {
  const ok = { ...withName(emptyDraft(), 'Product clicked'), selector: 'a' };
  expect(formProblem(ok)).toBeNull();
  expect(formProblem({ ...ok, name: ' ' })).toMatch(/Name the action/);
  expect(formProblem({ ...ok, id: 'Bad Id' })).toMatch(/id must be/);
  expect(formProblem({ ...ok, url: 'products/*' })).toMatch(/start with "\/"/);
});

describe('the "counts as a conversion" switch', () => {
  test('is saved as conversion: true only when on, and read back from a saved definition', () => {
    const base = { ...withName(emptyDraft(), 'Signed up'), selector: 'button.signup' };
    expect(toDefinition(base)).not.toHaveProperty('conversion');
    expect(toDefinition({ ...base, conversion: true })).toEqual({ id: 'signed-up', name: 'Signed up', selector: 'button.signup', conversion: true });
    expect(fromDefinition({ id: 'signed-up', name: 'Signed up', selector: 'button.signup', conversion: true } as never).conversion).toBe(true);
    expect(fromDefinition({ id: 'x', name: 'X', selector: 'a' }).conversion).toBe(false);
  });
});
