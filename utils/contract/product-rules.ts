/**
 * One set of rules for a product's price and availability, used by both sides: the content
 * script's capture (utils/page-scan/product) and the server's feeds (server/features/catalog/feeds).
 * No imports, not even zod: the content script bundles this file on every page.
 */

export const AVAILABILITIES = ['in_stock', 'out_of_stock', 'preorder', 'backorder', 'unknown'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/**
 * A price's number as a canonical decimal string ("1299.00"), never a float, or undefined when it
 * is not one. Takes digits with separators, spaces already removed: "1,299.00", "1.299,00",
 * "12,50" (a decimal comma), "1,299" (a comma before exactly three digits groups thousands),
 * "1.299.000". At most 12 integer and 4 fraction digits (the contract's DecimalPriceSchema).
 */
export function canonicalAmount(n: string): string | undefined {
  const lastDot = n.lastIndexOf('.');
  const lastComma = n.lastIndexOf(',');
  let integer: string;
  let fraction = '';
  if (lastDot >= 0 && lastComma >= 0) {
    // Both used: the later one is the decimal separator, the other groups thousands.
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const [int, frac, ...rest] = n.split(decimal);
    if (rest.length > 0 || !isGrouped(int!, group)) return undefined;
    integer = int!.split(group).join('');
    fraction = frac!;
  } else if (lastComma >= 0) {
    // "1,299" / "1,299,000" group thousands; "12,5" / "12,50" use a decimal comma.
    if (isGrouped(n, ',')) integer = n.split(',').join('');
    else if (/^\d+,\d{1,2}$/.test(n)) [integer, fraction] = n.split(',') as [string, string];
    else return undefined;
  } else if (lastDot >= 0) {
    if (/^\d+\.\d+$/.test(n)) [integer, fraction] = n.split('.') as [string, string];
    else if (isGrouped(n, '.'))
      integer = n.split('.').join(''); // "1.299.000"
    else return undefined;
  } else {
    integer = n;
  }
  if (!/^\d+$/.test(integer) || !/^\d{0,4}$/.test(fraction)) return undefined;
  integer = integer.replace(/^0+(?=\d)/, '');
  if (integer.length > 12) return undefined;
  return fraction ? `${integer}.${fraction}` : integer;
}

/** "1,299,000" grouped by `sep` in threes (a number without separators also counts). */
function isGrouped(int: string, sep: ',' | '.'): boolean {
  return (sep === ',' ? /^\d{1,3}(,\d{3})*$/ : /^\d{1,3}(\.\d{3})*$/).test(int) || /^\d+$/.test(int);
}

/**
 * Availability from what shops and feeds write: schema.org's values in any spelling
 * ("https://schema.org/InStock", "schema:OutOfStock", "PreOrder"), Google Merchant Center's
 * ("in_stock", "in stock") and a few common words. Undefined when the word says nothing known.
 * Google retired "available for order" and treats it as in stock; so does Loupe.
 */
export function availabilityOf(word: string): Exclude<Availability, 'unknown'> | undefined {
  const key = word
    .trim()
    .replace(/^https?:\/\/(?:www\.)?schema\.org\//i, '')
    .replace(/^schema:/i, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  return Object.hasOwn(AVAILABILITY_WORDS, key) ? AVAILABILITY_WORDS[key] : undefined;
}

const AVAILABILITY_WORDS: Record<string, Exclude<Availability, 'unknown'>> = {
  instock: 'in_stock',
  in: 'in_stock',
  available: 'in_stock',
  availablefororder: 'in_stock',
  limitedavailability: 'in_stock',
  onlineonly: 'in_stock',
  instoreonly: 'in_stock',
  outofstock: 'out_of_stock',
  out: 'out_of_stock',
  oos: 'out_of_stock',
  soldout: 'out_of_stock',
  discontinued: 'out_of_stock',
  unavailable: 'out_of_stock',
  preorder: 'preorder',
  presale: 'preorder',
  backorder: 'backorder',
  madetoorder: 'backorder',
};

/**
 * ISO 4217 codes that were withdrawn when a currency was renamed or redenominated, and that shops
 * and feeds still write for today's currency (Russian shops write "RUR" for the ruble, Yandex's
 * feed format even asks for it). A page shows today's prices, so the old code means the new one.
 * Codes replaced by the euro (DEM, FRF, LTL...) are not here: a price in them is not a euro price.
 */
const WITHDRAWN_CURRENCIES: Record<string, string> = {
  RUR: 'RUB', // Russian ruble, 1998
  BYR: 'BYN', // Belarusian ruble, 2016
  BYB: 'BYN',
  TRL: 'TRY', // Turkish lira, 2005
  ROL: 'RON', // Romanian leu, 2005
  AZM: 'AZN', // Azerbaijani manat, 2006
  MZM: 'MZN', // Mozambican metical, 2006
  GHC: 'GHS', // Ghanaian cedi, 2007
  CSD: 'RSD', // Serbian dinar, 2006
  SDD: 'SDG', // Sudanese pound, 2007
  ZMK: 'ZMW', // Zambian kwacha, 2013
  MRO: 'MRU', // Mauritanian ouguiya, 2018
  STD: 'STN', // São Tomé dobra, 2018
  VEF: 'VES', // Venezuelan bolívar, 2018
  VEB: 'VES',
  UAK: 'UAH', // Ukrainian karbovanets, 1996
};

/** An ISO 4217 code from what a page writes (" eur ", "RUR"), withdrawn codes mapped; undefined when not a code. */
export function currencyCode(word: string): string | undefined {
  const code = word.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return undefined;
  return Object.hasOwn(WITHDRAWN_CURRENCIES, code) ? WITHDRAWN_CURRENCIES[code] : code;
}
