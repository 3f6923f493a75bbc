/**
 * Reads a price as shops write it: "₹78,990" → 78990 INR, "R$ 49,90" → 49.9 BRL, "1.299,00 €" →
 * 1299 EUR, "EUR29.66", "AED 8000 (USD 2179)" → 8000 AED, "AU$ 59.95", "35€99" → 35.99 EUR,
 * "$.75" → 0.75 USD, "1 299 kr" on a page in Swedish (lang "sv") → 1299 SEK.
 *
 * The number: the first one not followed by `%` (a discount badge: "-20%", "40% OFF"). Its decimal
 * mark is the last `.` or `,` when that appears once and does not read as one thousands group
 * ("1.299", "12,500"); so "1,93,080" and "1.299.000" are whole, "12,5", ".75" and "1.2345" are not.
 *
 * The currency: the leftmost local sign or word of SIGNS, or ISO 4217 code the browser knows
 * (Intl.supportedValuesOf; "MRP", "NEW" are not codes; "Try" is not TRY: codes are exact capitals).
 * Words match whole ("Ft" not in "Gift"). Then a `$` beside a region's letters ("HK$", "NZ $",
 * "$ US"), then a bare `$` (USD). `kr` takes the page's language as a hint (sv SEK, da DKK,
 * nb/no NOK, is ISK). sdk.js carries this, so the table stays small: see test/fixtures/README.md
 * for what it reads and the known misses.
 */
export interface Price {
  price: number;
  currency?: string;
}

/** ISO code, then the signs and words (regular expressions) that name it; `kr.`: by language. */
const SIGNS = 'EUR€,GBP£,INR₹|Rs,JPY¥|円,BRLR\\$,AUDA\\$,CADC\\$,SGDS\\$,CZKKč,PLNzł,RUB₽|руб,RONlei,HUFFt,UAHгрн,IDRRp,VND₫,ILS₪,KRW원|₩,TRY₺,kr.kr,ZARR'.split(',');
/** the group of SIGN holding any other three letters (an ISO code when the browser knows it) */
const OTHER = SIGNS.length + 1;
const SIGN = new RegExp('(?:^|[^a-z])(?:' + SIGNS.map((s) => '(' + s.slice(3) + ')').join('|') + '|([a-z]{3}))(?![a-zа-я])', 'gi');
const ISO: string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency') || [];
/** `kr` by the page's language */
const KRONA = 'svSEKdaDKKnbNOKnoNOKisISK';
const NUMBER = /(?:\B\.)?\d(?:[\d.,'’\s]*\d)?/g;

export function parsePrice(text: string, lang = ''): Price | undefined {
  let m: RegExpExecArray | null;
  let rest = '';
  NUMBER.lastIndex = 0;
  // a number followed by `%` is a discount badge ("-20%", "40% OFF"): the price is another number
  while ((m = NUMBER.exec(text)) && /^\s*%/.test((rest = text.slice(NUMBER.lastIndex))));
  if (!m) return undefined;
  const raw = m[0].replace(/['’\s]/g, '');
  // the decimal mark: the last `.` or `,` if it appears once and does not read as one thousands group ("1.299")
  const mark = raw.replace(/\d/g, '').slice(-1);
  const decimal = raw.indexOf(mark) === raw.lastIndexOf(mark) && !/^[1-9]\d{0,2}[.,]\d{3}$/.test(raw) ? mark : 'x';
  let price = +raw.split(decimal).map((p) => p.replace(/[.,]/g, '')).join('.');
  const cents = /^[€$£] ?(\d\d)(?!\d)/.exec(rest); // "35€99"
  if (cents && !mark) price += +cents[1] / 100;
  const out: Price = { price };
  const currency = currencyOf(text, lang);
  if (currency) out.currency = currency;
  return out;
}

function currencyOf(text: string, lang: string): string | undefined {
  let m: RegExpExecArray | null;
  SIGN.lastIndex = 0;
  while ((m = SIGN.exec(text)) && m[OTHER] && ISO.indexOf(m[OTHER]) < 0);
  const code = m ? m[OTHER] || SIGNS[m.findIndex((g, i) => i && g) - 1].slice(0, 3) : '';
  if (code === 'kr.') {
    const i = KRONA.indexOf(lang.slice(0, 2) || '-');
    return i % 5 ? undefined : KRONA.substr(i + 2, 3);
  }
  const d = /([A-Z]{2})\s?\$|\$\s?([A-Z]{2})/.exec(text);
  return code || (d && ISO.find((c) => !c.indexOf(d[1] || d[2]))) || (text.indexOf('$') < 0 ? undefined : 'USD');
}
