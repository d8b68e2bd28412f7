import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availabilityOf, canonicalAmount, currencyCode } from './product-rules';

/** An amount written the ways shops and feeds write it, with its canonical form. */
const writtenAmount = fc
  .record({
    integer: fc.bigInt({ min: 0n, max: 999_999_999_999n }),
    fraction: fc.stringMatching(/^\d{0,4}$/),
    style: fc.constantFrom('plain', 'comma-groups', 'dot-groups', 'decimal-comma'),
  })
  .map(({ integer, fraction, style }) => {
    const digits = integer.toString();
    const group = (sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    const canonical = fraction ? `${digits}.${fraction}` : digits;
    // A lone decimal comma takes one or two digits ("12,5", "12,50"): before three it reads as a
    // thousands group ("1,299"), which is the rule, not a bug.
    const decimalComma = fraction.length === 1 || fraction.length === 2 ? `${digits},${fraction}` : canonical;
    const written = {
      plain: canonical,
      'comma-groups': group(',') + (fraction ? `.${fraction}` : ''),
      // Without a group dot this is a lone comma, which the decimal-comma style covers.
      'dot-groups': group('.').includes('.') ? group('.') + (fraction ? `,${fraction}` : '') : canonical,
      'decimal-comma': decimalComma,
    }[style]!;
    return { written, canonical };
  });

describe('canonicalAmount', () => {
  it('gives the same decimal string however the amount is grouped', () => {
    fc.assert(
      fc.property(writtenAmount, ({ written, canonical }) => {
        expect(canonicalAmount(written)).toBe(canonical);
      }),
    );
  });

  it('never answers anything but a canonical decimal', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\d.,]{0,20}$/), (text) => {
        const amount = canonicalAmount(text);
        if (amount !== undefined) expect(amount).toMatch(/^(0|[1-9]\d{0,11})(\.\d{1,4})?$/);
      }),
    );
  });

  it.each(['1.2.3,4,5', '15.12345', '1,29,9', '', '1234567890123'])('refuses %j', (text) => {
    expect(canonicalAmount(text)).toBeUndefined();
  });
});

describe('availabilityOf', () => {
  it.each([
    ['https://schema.org/InStock', 'in_stock'],
    ['http://www.schema.org/LimitedAvailability', 'in_stock'],
    ['schema:OutOfStock', 'out_of_stock'],
    ['in stock', 'in_stock'],
    ['in_stock', 'in_stock'],
    ['AvailableForOrder', 'in_stock'],
    ['available for order', 'in_stock'],
    ['SoldOut', 'out_of_stock'],
    ['pre-order', 'preorder'],
    ['PreSale', 'preorder'],
    ['BackOrder', 'backorder'],
    ['MadeToOrder', 'backorder'],
  ])('%s → %s', (word, expected) => {
    expect(availabilityOf(word)).toBe(expected);
  });

  it('does not guess, and is not fooled by object keys', () => {
    expect(availabilityOf('ask us')).toBeUndefined();
    expect(availabilityOf('constructor')).toBeUndefined();
    expect(availabilityOf('__proto__')).toBeUndefined();
  });
});

describe('currencyCode', () => {
  it.each([
    [' eur ', 'EUR'],
    ['usd', 'USD'],
    ['RUR', 'RUB'],
    ['rur', 'RUB'],
    ['BYR', 'BYN'],
    ['TRL', 'TRY'],
    ['VEF', 'VES'],
    ['MRO', 'MRU'],
  ])('%s → %s', (word, expected) => {
    expect(currencyCode(word)).toBe(expected);
  });

  it('leaves codes the euro replaced alone (their prices are not euro prices), refuses what is no code', () => {
    expect(currencyCode('DEM')).toBe('DEM');
    expect(currencyCode('LTL')).toBe('LTL');
    expect(currencyCode('€')).toBeUndefined();
    expect(currencyCode('USDT')).toBeUndefined();
    expect(currencyCode('hasOwnProperty')).toBeUndefined();
  });
});
