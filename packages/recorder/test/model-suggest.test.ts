/** @jest-environment jsdom */
import 'css.escape';
import { readFileSync } from 'fs';
import { join } from 'path';
import { readValue } from '@actionlake/sdk';
import { describeSuggestion, suggestField, SUGGEST_LOOKS } from '../src/model/suggest';

// A field that reads the action's own text, or one text in every item, is offered the nearest
// element of its container whose text differs per item (issue 23 item 5).

/** The markup of the Colorlib "Male Fashion" shop page of the e2e corpus (its CSS only slows jsdom down). */
function loadMaleFashion(): Element[] {
  const html = readFileSync(join(__dirname, '../../../tests/e2e/corpus/colorlib-male-fashion/index.html'), 'utf8');
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)![1];
  document.documentElement.innerHTML = '<head></head><body>' + body + '</body>';
  return Array.from(document.querySelectorAll('.product__item'));
}

describe('on a real template whose cards hide the name under "+ Add To Cart"', () => {
  test('a name field reading "+ Add To Cart" in all 12 cards is offered the card\'s own name (h6); a price field the price (h5)', () => {
    const cards = loadMaleFashion();
    expect(cards).toHaveLength(12);
    const box = cards[2];
    const action = box.querySelector('a.add-cart')!;
    const s = suggestField('name', '.add-cart', box, cards, action)!;
    expect(s.el).toBe(box.querySelector('h6'));
    expect(describeSuggestion(s)).toBe('‘Diagonal Textured Cap’ (h6)');
    expect(cards.map((c) => readValue(c, s.field))).toEqual([
      'Piqué Biker Jacket', 'Multi-pocket Chest Bag', 'Diagonal Textured Cap', 'Ankle Boots', 'T-shirt Contrast Pocket', 'Basic Flowing Scarf',
      'Piqué Biker Jacket', 'Multi-pocket Chest Bag', 'Diagonal Textured Cap', 'Ankle Boots', 'T-shirt Contrast Pocket', 'Basic Flowing Scarf',
    ]);
    const price = suggestField('price', '.add-cart', box, cards, action)!;
    expect(describeSuggestion(price)).toBe('‘$60.9’ (h5)');
  });

  test('a field that reads each card\'s own value is left alone', () => {
    const cards = loadMaleFashion();
    const action = cards[2].querySelector('a.add-cart')!;
    expect(suggestField('name', 'h6', cards[2], cards, action)).toBeNull();
    expect(suggestField('price', 'h5', cards[2], cards, action)).toBeNull();
  });
});

describe('small pages', () => {
  const grid = (cards: string[]) => {
    document.body.innerHTML = `<div>${cards.join('')}</div>`;
    return Array.from(document.querySelectorAll('.card'));
  };

  test('one item only: a field reading the clicked button\'s text is offered the nearest other text', () => {
    const [card] = grid(['<div class="card"><h1 class="title">Desk Lamp</h1><p class="price">$30</p><button class="buy">Add to cart</button></div>']);
    const s = suggestField('name', '.buy', card, [card], card.querySelector('.buy'));
    expect(s && s.text).toBe('Desk Lamp'); // the name before the price: the one before the button comes first, then outward
  });

  test('the same text in every item (a shared label) is offered the nearest text that differs; none when nothing differs', () => {
    const cards = grid(['Lamp', 'Chair'].map((n) => `<div class="card"><span class="tag">New</span><span class="tag2">New</span><h3>${n}</h3><button>Buy</button></div>`));
    const s = suggestField('category', '.tag', cards[0], cards, cards[0].querySelector('button'));
    expect(s && s.text).toBe('Lamp'); // ".tag2" reads "New" in both: skipped
    const same = grid(['Lamp', 'Lamp'].map((n) => `<div class="card"><span class="tag">New</span><h3>${n}</h3><button>Buy</button></div>`));
    expect(suggestField('category', '.tag', same[0], same, same[0].querySelector('button'))).toBeNull();
  });

  test(`looks at the ${SUGGEST_LOOKS} nearest elements with text, no more`, () => {
    const filler = (n: number) => Array.from({ length: n }, () => '<i>same</i>').join('');
    const card = (fill: number, name: string) => `<div class="card"><button>Buy</button><div>${filler(fill)}</div><h3>${name}</h3></div>`;
    let cards = grid([card(SUGGEST_LOOKS - 1, 'Lamp'), card(SUGGEST_LOOKS - 1, 'Chair')]);
    expect(suggestField('name', 'button', cards[0], cards, cards[0].querySelector('button'))!.text).toBe('Lamp');
    cards = grid([card(SUGGEST_LOOKS, 'Lamp'), card(SUGGEST_LOOKS, 'Chair')]);
    expect(suggestField('name', 'button', cards[0], cards, cards[0].querySelector('button'))).toBeNull();
  });
});
