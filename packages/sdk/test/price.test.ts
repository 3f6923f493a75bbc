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

  it('returns undefined when there is no number', () => {
    expect(parsePrice('Sold out')).toBeUndefined();
    expect(parsePrice('')).toBeUndefined();
  });
});
