/** @jest-environment jsdom */
// The model on the shapes real pages have (issue 9): struck prices, bare-text prices, featured
// items, cards in layout columns, and a container the marketer picks.
import 'css.escape';
import { readValue } from '@actionlake/sdk';
import { fieldSelector, propose } from '../src/model/propose';

const textOf = (el: Element, s: string): Text => {
  const walker = document.createTreeWalker(el, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n.nodeValue || '').includes(s)) return n as Text;
  throw new Error('no text ' + s);
};

describe('prices', () => {
  test('a click on bare text beside a struck old price points at the element\'s own text', () => {
    document.body.innerHTML = `<div class="grid">
      <div class="card"><h5>Lamp</h5><div class="text-center"><del>$20.00</del> $18.00</div><a class="btn">Add</a></div>
      <div class="card"><h5>Chair</h5><div class="text-center">$40.00</div><a class="btn">Add</a></div></div>`;
    const [lamp, chair] = Array.from(document.querySelectorAll('.card'));
    const box = lamp.querySelector('.text-center')!;
    const sel = fieldSelector(box, lamp, { text: textOf(box, '$18.00'), price: true });
    expect(sel).toBe('.text-center::text');
    expect([readValue(lamp, sel), readValue(chair, sel)]).toEqual(['$18.00', '$40.00']);
    // a click on the old price moves to the new one
    expect(fieldSelector(lamp.querySelector('del')!, lamp, { text: textOf(lamp, '$20.00'), price: true })).toBe(sel);
    // a click on the block itself too
    expect(fieldSelector(box, lamp, { price: true })).toBe(sel);
    // a name is not a price: the element clicked, as clicked
    expect(readValue(lamp, fieldSelector(lamp.querySelector('h5')!, lamp, { text: textOf(lamp, 'Lamp') }))).toBe('Lamp');
  });

  test('WooCommerce <del>/<ins>: the amount not struck through, on sale cards and plain ones', () => {
    document.body.innerHTML = `<ul>
      <li class="product"><h2>Mug</h2><span class="price"><del><span class="amount">$20</span></del> <ins><span class="amount">$18</span></ins></span><a class="add">Add</a></li>
      <li class="product"><h2>Cup</h2><span class="price"><span class="amount">$40</span></span><a class="add">Add</a></li></ul>`;
    const [mug, cup] = Array.from(document.querySelectorAll('li'));
    const sel = fieldSelector(mug.querySelector('ins .amount')!, mug, { price: true });
    expect(sel).toBe('.amount:not(del, del *)');
    expect([readValue(mug, sel), readValue(cup, sel)]).toEqual(['$18', '$40']);
  });
});

describe('containers', () => {
  test('a featured item with extra classes and another button is one of the list', () => {
    document.body.innerHTML = `<div class="grid">
      <div class="plan"><h3>Basic</h3><a class="btn btn-outline">Choose</a></div>
      <div class="plan plan--featured"><span class="badge">Popular</span><h3>Pro</h3><a class="btn btn-primary btn-lg">Choose</a></div>
      <div class="plan"><h3>Team</h3><a class="btn btn-outline">Choose</a></div></div>`;
    const p = propose(document.querySelectorAll('a')[1]);
    expect(p.containerSelector).toBe('.plan');
    expect(p.matches).toEqual(Array.from(document.querySelectorAll('a')));
  });

  test('a card alone in a layout column is the container, by its own class', () => {
    document.body.innerHTML = `<div class="row">${['A', 'B', 'C'].map((n) => `<div class="col-lg-4 mb-4"><div class="card product"><h4>${n}</h4><button class="btn">Buy</button></div></div>`).join('')}</div>`;
    const p = propose(document.querySelectorAll('button')[1]);
    expect(p.container).toBe(document.querySelectorAll('.card')[1]);
    expect(p.containerSelector).toBe('.card');
    expect(p.matches).toHaveLength(3);
  });

  test('the container the marketer picks replaces the one the model finds (none here)', () => {
    document.body.innerHTML = `<section class="detail"><h1>Lamp</h1><div class="actions"><button class="buy">Buy</button></div></section><footer><button>Top</button></footer>`;
    const button = document.querySelector('.buy')!;
    expect(propose(button).container).toBeNull();
    const p = propose(button, document.querySelector('.detail'));
    expect(p.containerSelector).toBe('.detail');
    expect(p.matches).toEqual([button]);
  });
});
