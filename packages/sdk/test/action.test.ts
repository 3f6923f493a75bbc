/** @jest-environment jsdom */
import type { ActionDefinition } from '@actionlake/schema';
import { matchAction, usableActions } from '../src/dom/action';
import { clickEvent, readFields } from '../src/index';

const SHOP = `
<ul class="grid">
  <li class="product-card" data-sku="ktm-duke-200"><h2 class="title">Duke 200</h2><p class="brand">KTM</p>
    <p class="price">₹78,990</p><span class="qty">2</span><input class="note" value="secret">
    <button class="buy"><span class="label">Add to cart</span></button></li>
  <li class="product-card" data-sku="tvs-apache"><h2 class="title">Apache RTR 160</h2><p class="brand">TVS</p>
    <p class="price">₹1,09,990</p><button class="buy">Add to cart</button></li>
</ul>
<a class="plan" data-plan="pro" href="#">Pro plan</a>`;

const productClick: ActionDefinition = {
  id: 'product-click', name: 'Product clicked', selector: '.product-card button.buy', container: '.product-card',
  product: { name: '.title', price: '.price', brand: '.brand', id: '@data-sku', quantity: '.qty', colour: '.missing', note: '.note' },
};

beforeEach(() => {
  document.body.innerHTML = SHOP;
});

const q = (sel: string, i = 0) => document.querySelectorAll(sel)[i];

describe('matchAction', () => {
  it('matches a click inside the selected element and reads that card’s product', () => {
    const m = matchAction([productClick], q('.label'), '/demo/');
    expect(m?.def.id).toBe('product-click');
    expect(m?.el).toBe(q('button.buy'));
    expect(readFields(m!.def, m!.el)).toEqual({
      products: [{ name: 'Duke 200', price: 78990, currency: 'INR', brand: 'KTM', id: 'ktm-duke-200', quantity: 2 }],
    });
    const other = matchAction([productClick], q('button.buy', 1), '/demo/');
    expect(readFields(other!.def, other!.el).products).toEqual([
      { name: 'Apache RTR 160', price: 109990, currency: 'INR', brand: 'TVS', id: 'tvs-apache' },
    ]);
  });

  it('honours the url glob and the order of definitions', () => {
    const onlyProducts = { ...productClick, url: '/products/*' };
    expect(matchAction([onlyProducts], q('button.buy'), '/demo/')).toBeNull();
    expect(matchAction([onlyProducts], q('button.buy'), '/products/bikes')).not.toBeNull();
    const anyCard: ActionDefinition = { id: 'card', name: 'Card clicked', selector: '.product-card' };
    expect(matchAction([anyCard, productClick], q('button.buy'), '/')?.def.id).toBe('card');
  });

  it('returns null for clicks outside every definition and for selectors that do not parse', () => {
    expect(matchAction([productClick], q('.grid'), '/')).toBeNull();
    expect(matchAction([{ id: 'bad', name: 'Bad', selector: '.a[' }], q('button.buy'), '/')).toBeNull();
  });

  it('uses the fallback only while the selector matches nothing on the page', () => {
    const renamed: ActionDefinition = {
      id: 'buy', name: 'Product clicked', selector: '.product-card button.add-to-cart', container: '.product-card',
      product: { name: '.title' }, fallback: { path: 'li > button', text: 'Add to cart' },
    };
    const m = matchAction([renamed], q('button.buy', 1), '/');
    expect(m?.el).toBe(q('button.buy', 1));
    expect(readFields(m!.def, m!.el)).toEqual({ products: [{ name: 'Apache RTR 160' }] });
    expect(matchAction([{ ...renamed, fallback: { path: 'li > button', text: 'Buy now' } }], q('button.buy'), '/')).toBeNull();
    q('button.buy').className = 'add-to-cart';
    expect(matchAction([renamed], q('button.buy'), '/')).toBeNull(); // the selector works again
  });

  it('never uses a fallback without text: a bare tag path would match unrelated pages', () => {
    document.body.innerHTML = '<article><h2><a href="/post">A blog post</a></h2></article>';
    const def: ActionDefinition = { id: 't', name: 'Product clicked', selector: '.product-card a.title', fallback: { path: 'article > h2 > a' } };
    expect(matchAction([def], q('a'), '/')).toBeNull();
  });
});

describe('readFields', () => {
  it('reads attributes by text or attribute, never an input’s value, and unknown product keys as traits', () => {
    const def: ActionDefinition = {
      id: 'plan', name: 'Plan chosen', selector: 'a.plan',
      attributes: { plan: '[data-plan]@data-plan', label: '', missing: '.nope' },
      product: { name: '', size: '@data-plan' },
    };
    const m = matchAction([def], q('a.plan'), '/')!;
    expect(readFields(def, m.el)).toEqual({
      attributes: { plan: 'pro', label: 'Pro plan' },
      products: [{ name: 'Pro plan', traits: { size: 'pro' } }],
    });
  });

  it('`sel::text` reads the element\'s own text: a bare price beside a struck-through old one', () => {
    document.body.innerHTML = `<div class="card"><h5>Lamp</h5><div class="box"><span class="old">$20.00</span> $18.00</div><a class="buy">Add</a></div>
      <div class="card"><h5>Chair</h5><div class="box">$40.00</div><a class="buy">Add</a></div>`;
    const def: ActionDefinition = { id: 'b', name: 'B', selector: '.buy', container: '.card', product: { name: 'h5', price: '.box::text' } };
    const buys = document.querySelectorAll('.buy');
    expect(readFields(def, buys[0]).products).toEqual([{ name: 'Lamp', price: 18, currency: 'USD' }]);
    expect(readFields(def, buys[1]).products).toEqual([{ name: 'Chair', price: 40, currency: 'USD' }]);
    // without ::text the whole block is read, the old price first
    expect(readFields({ ...def, product: { price: '.box' } }, buys[0]).products).toEqual([{ price: 20, currency: 'USD' }]);
    // `::text` alone: the container's own text
    expect(readFields({ ...def, container: '.box', selector: '.box', product: { price: '::text' } }, document.querySelector('.box')!).products).toEqual([{ price: 18, currency: 'USD' }]);
  });

  it('omits products when nothing could be read', () => {
    const def: ActionDefinition = { id: 'x', name: 'X', selector: 'a.plan', product: { name: '.nope' } };
    expect(readFields(def, q('a.plan'))).toEqual({});
  });
});

describe('clickEvent', () => {
  it('is the tagged action when a definition matches, else Element clicked on the clickable ancestor, else nothing', () => {
    const tagged = clickEvent([productClick], q('.label'), '/', true);
    expect(tagged?.def?.id).toBe('product-click');
    expect(tagged?.event).toMatchObject({ action: 'Product clicked', action_type: 'click', element: { tag: 'button', text: 'Add to cart' } });
    expect(tagged?.event.products?.[0].name).toBe('Duke 200');
    const plain = clickEvent([productClick], q('a.plan'), '/', true);
    expect(plain?.def).toBeNull();
    expect(plain?.el).toBe(q('a.plan'));
    expect(plain?.event).toMatchObject({ action: 'Element clicked', element: { tag: 'a', text: 'Pro plan' } });
    expect(clickEvent([productClick], q('a.plan'), '/', false)).toBeNull(); // autocapture off
    expect(clickEvent([productClick], q('.grid'), '/', true)).toBeNull(); // nothing clickable
  });
});

describe('usableActions', () => {
  it('drops definitions whose selector does not parse or that are not definitions', () => {
    const bad = { id: 'bad', name: 'Bad', selector: '.a[' };
    expect(usableActions([productClick, bad, null as unknown as ActionDefinition, { id: 'x' } as ActionDefinition])).toEqual([productClick]);
  });
});
