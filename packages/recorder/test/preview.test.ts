/** @jest-environment jsdom */
import { clickEvent } from '@actionlake/sdk';
import { explain } from '../src/api/client';
import { autocaptureOn } from '../src/preview/click-event';
import { previewOf, summary } from '../src/preview/preview';
import { fieldParses } from '../src/preview/selectors';
import { TestView } from '../src/ui/test-view';

const SHOP = `
<ul><li class="card" data-sku="duke"><h2 class="title">Duke 200</h2><p class="brand">KTM</p><p class="price">₹78,990</p><button class="buy">Add to cart</button></li>
<li class="card" data-sku="classic"><h2 class="title">Classic 350</h2><p class="brand">Royal Enfield</p><p class="price">₹1,93,080</p><button class="buy">Add to cart</button></li></ul>
<a href="/about">About</a><p class="note">hello</p>`;
const DEF = { id: 'buy', name: 'Product clicked', selector: '.card .buy', container: '.card', product: { name: '.title', price: '.price', brand: '.brand' }, attributes: { sku: '@data-sku' } };

beforeEach(() => {
  document.body.innerHTML = SHOP;
});

test('the preview lists every match with the values the SDK would capture', () => {
  const p = previewOf(DEF, document, '/');
  expect(p.problem).toBeNull();
  expect(p.matches).toHaveLength(2);
  expect(p.containers.map((c) => c.getAttribute('data-sku'))).toEqual(['duke', 'classic']);
  expect(p.values).toEqual([
    ['Duke 200', '78990 INR', 'KTM', 'duke'],
    ['Classic 350', '193080 INR', 'Royal Enfield', 'classic'],
  ]);
  expect(summary(p)).toBe('2 matches — Duke 200 · 78990 INR · KTM · duke');
});

test('a selector that does not parse, or matches nothing, is a problem; a url glob for other pages is a warning', () => {
  expect(previewOf({ ...DEF, selector: '.card >' }, document, '/').problem).toMatch(/does not parse/);
  expect(previewOf({ ...DEF, selector: '.nothing' }, document, '/').problem).toMatch(/matches nothing/);
  expect(previewOf({ ...DEF, container: '[[' }, document, '/').problem).toMatch(/container .* does not parse/);
  expect(previewOf({ ...DEF, product: { name: 'h2 >' } }, document, '/').problem).toMatch(/name field/);
  expect(previewOf({ ...DEF, selector: ' ' }, document, '/').problem).toMatch(/Enter a selector/);
  const other = previewOf({ ...DEF, url: '/products/*' }, document, '/');
  expect(other.problem).toBeNull();
  expect(other.warning).toMatch(/does not match this page/);
  expect(summary(previewOf({ ...DEF, product: undefined, attributes: undefined, selector: '.note' }, document, '/'))).toBe('1 match');
});

test('field values: css, css@attr and @attr', () => {
  expect(fieldParses('.price')).toBe(true);
  expect(fieldParses('.price@content')).toBe(true);
  expect(fieldParses('@data-sku')).toBe(true);
  expect(fieldParses('@')).toBe(false);
  expect(fieldParses('h2 >')).toBe(false);
});

test('test mode shows the SDK\'s own clickEvent() for a click', () => {
  const view = new TestView();
  const show = (el: Element, autocapture = true): string => {
    view.show(clickEvent([DEF], el, '/', autocapture));
    return view.el.querySelector('[data-al=test-summary]')!.textContent + ' ' + view.el.querySelector('[data-al=event]')!.textContent;
  };
  expect(show(document.querySelectorAll('.card .price')[1])).toMatch(/^The SDK sends nothing/); // inside a card but not the button
  expect(show(document.querySelectorAll('.buy')[1])).toMatch(/^Matches “Product clicked” \(buy\)/);
  expect(JSON.parse(view.el.querySelector('[data-al=event]')!.textContent!)).toMatchObject({
    action: 'Product clicked', action_type: 'click', element: { tag: 'button', text: 'Add to cart' },
    products: [{ name: 'Classic 350', price: 193080, currency: 'INR', brand: 'Royal Enfield' }], attributes: { sku: 'classic' },
  });
  // read as a marketer checks it: the action, the product's name, price and currency first, the JSON folded
  const text = (name: string) => Array.from(view.el.querySelectorAll(`[data-al=${name}]`)).map((e) => e.textContent);
  expect(text('test-action')).toEqual(['Product clicked']);
  expect(text('test-product')).toEqual(['Product: Classic 350 · 193080 INR · brand Royal Enfield']);
  expect(text('test-attribute')).toEqual(['Attribute sku: classic']);
  expect(text('test-element')).toEqual(['Element: button “Add to cart”']);
  expect((view.el.querySelector('[data-al=event-json]') as HTMLDetailsElement).open).toBe(false);
  expect(show(document.querySelector('a')!)).toMatch(/^Matches no saved action: autocapture sends .*"Element clicked"/s);
  expect(show(document.querySelector('a')!, false)).toMatch(/^The SDK sends nothing/);
  expect(autocaptureOn(document)).toBe(true);
  document.head.innerHTML = '<script src="https://c.example/sdk.js" data-site="demo" data-autocapture="off"></script>';
  expect(autocaptureOn(document)).toBe(false);
  document.head.innerHTML = '';
});

test('what a refused call tells the marketer', () => {
  expect(explain(401, { error: 'wrong editor token' })).toMatch(/^Wrong editor token/);
  expect(explain(403, { error: 'action edits are disabled: start the collector with ADMIN_TOKEN=...' })).toMatch(/ADMIN_TOKEN=/);
  expect(explain(412, { error: 'stale', version: '2' })).toMatch(/Reload the list/);
  expect(explain(400, { error: '2 problems: a; b', errors: ['a', 'b'] })).toBe('The collector refused this definition: a; b');
  expect(explain(500, {})).toBe('The collector answered HTTP 500.');
});
