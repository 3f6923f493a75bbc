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
 * nb/no NOK, is ISK). A `hint`, the text around the price on the page, names the currency when
 * the price does not (dom/fields.ts). sdk-fields.js carries this, not sdk.js: see
 * test/fixtures/README.md for what it reads and the known misses.
 */
export interface Price {
  price: number;
  currency?: string;
}

/**
 * ISO code, then the signs and words (regular expressions, case-insensitive) that name it; `kr.`:
 * by language. A word must stand alone ("Ft" is not in "Gift", "TL" not in "TLC"); a sign may
 * touch letters ("€HT", hors taxes). Words before signs that begin them: "NT$" before "$".
 */
const SIGNS = ('EUR€|euro,GBP£,INR₹|Rs,JPY¥|円,BRLR\\$,AUDA\\$,CADC\\$,SGDS\\$,TWDNT\\$,CZKKč,PLNz[łl],'
  + 'RUB₽|руб[а-я]*|р\\.?,RONlei,HUFFt,UAH₴|грн,IDRRp,VND₫|đ,ILS₪,KRW원|₩,TRY₺|TL,BGNлв,MYRRM,THB฿,PHP₱,'
  + 'NGN₦,PENS/\\.?,DOPRD\\$,JMDJ\\$,TOPT\\$,UYU\\$U(?!\\w),CHFFr\\.,GHSGH₵,PABB/\\.?,AFN؋,ALLLek,AMD֏,AZN₼,BDT৳,KHR៛,CRC₡,'
  + 'LAK₭,MNT₮,TZSTSh,UGXUSh,XAFFCFA,XOFCFA,BIFFBu,DJFFdj,ERNNfk,BTNNu\\.,KWDKD,kr.kr,ZARR').split(',');
/** the group of SIGN holding any other three letters (an ISO code when the browser knows it) */
const OTHER = SIGNS.length + 1;
const WORD = '(?![a-zа-я])';
const SIGN = new RegExp('(?:^|[^a-z])(?:' + SIGNS.map((s) => '(' + s.slice(3).replace(/(^|\|)[a-zа-я][^|]*/gi, '$&' + WORD) + ')').join('|') + '|([a-z]{3})' + WORD + ')', 'gi');
const ISO: string[] = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency') || [];
/** `kr` by the page's language */
const KRONA = 'svSEKdaDKKnbNOKnoNOKisISK';
const NUMBER = /(?:\B\.)?\d(?:[\d.,'’\s]*\d)?/g;

/**
 * `lang`: the page's language; `hint`: the text of another element that may name the currency
 * (a shop's separate currency sign, price-parser's "currency hint"), read when `text` names none.
 */
export function parsePrice(text: string, lang = '', hint = ''): Price | undefined {
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
  const currency = currencyOf(text, lang) || currencyOf(hint, lang);
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
