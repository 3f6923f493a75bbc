import { parsePrice } from '../src/core/price';

describe('parsePrice', () => {
  it.each([
    ['₹78,990', 78990, 'INR'],
    ['₹1,93,080', 193080, 'INR'],
    ['$1,299.00', 1299, 'USD'],
    ['1.299,00 €', 1299, 'EUR'],
    ['€ 12,50', 12.5, 'EUR'],
    ['£12', 12, 'GBP'],
    ['¥1,200', 1200, 'JPY'],
    ['Rs. 499', 499, 'INR'],
    ['Rs499', 499, 'INR'],
    ['INR 2,499', 2499, 'INR'],
    ['USD 19.99', 19.99, 'USD'],
    ['CHF 1\'250.50', 1250.5, 'CHF'],
    ['1 299,95 €', 1299.95, 'EUR'],
    ['Now only $9.99!', 9.99, 'USD'],
    ['1.299.000', 1299000, undefined],
    ['MRP 499', 499, undefined],
    ['MRP ₹499', 499, 'INR'],
    ['NEW 1,299', 1299, undefined],
    ['SEK 1 299', 1299, 'SEK'],
  ])('%s → %d %s', (text, price, currency) => {
    const p = parsePrice(text);
    expect(p).toEqual(currency ? { price, currency } : { price });
  });

  // the misses of real shops named in issue 23 (item 4)
  it.each([
    ['6 300 Р', 6300, 'RUB'], ['1 030 р.', 1030, 'RUB'], ['3 100р.', 3100, 'RUB'], ['1128240 рублей', 1128240, 'RUB'],
    ['10,75 TL', 10.75, 'TRY'], ['230 лв.', 230, 'BGN'], ['550,00 лв', 550, 'BGN'], ['RM50', 50, 'MYR'],
    ['NT$ 1,160', 1160, 'TWD'], ['฿ 3.3900', 3.39, 'THB'], ['1 ₱', 1, 'PHP'], ['1 ₦', 1, 'NGN'], ['1 ₴', 1, 'UAH'],
    ['200.000 đ', 200000, 'VND'], ['S/. 49.90', 49.9, 'PEN'], ['184,20 €HT', 184.2, 'EUR'], ['749,00 euro', 749, 'EUR'],
  ])('%s → %d %s', (text, price, currency) => {
    expect(parsePrice(text)).toEqual({ price, currency });
  });

  it('a word stands alone, a sign need not: no TRY in "TLC", no RUB in a Cyrillic word', () => {
    expect(parsePrice('TLC 20')).toEqual({ price: 20 });
    expect(parsePrice('Распродажа 500')).toEqual({ price: 500 });
  });

  it('reads the currency from a hint (the text around the price) when the price names none', () => {
    expect(parsePrice('4.800.000,00', 'vi', ' 4.800.000,00 ₫ Venusaur')).toEqual({ price: 4800000, currency: 'VND' });
    expect(parsePrice('£12', '', '€')).toEqual({ price: 12, currency: 'GBP' }); // the price's own sign first
    expect(parsePrice('12', '', 'Add to basket')).toEqual({ price: 12 });
  });

  it('returns undefined when there is no number', () => {
    expect(parsePrice('Sold out')).toBeUndefined();
    expect(parsePrice('')).toBeUndefined();
  });
});
