import { describe, expect, it } from 'vitest';
import { cleanText, parseAmount, parseCount, parseCrmDate } from '../../../src/crm/values.js';

describe('cleanText', () => {
  it.each([
    ['  Sample   description  ', 'Sample description'],
    ['line one\r\nline two\ttabbed', 'line one line two tabbed'],
    ['bell\u0007 and nul\u0000 and del\u007f', 'bell and nul and del'],
    ['\u202a\u202atest\u202a', 'test'],
    ['사회과학원 어학연구소', '사회과학원 어학연구소'],
    ['👩🏽 ❤️ 1/2 ⁰⁴⁵', '👩🏽 ❤️ 1/2 ⁰⁴⁵'],
    ['(╯°□°）╯︵ ┻━┻)  ', '(╯°□°）╯︵ ┻━┻)'],
    ['\u00a0non-breaking\u00a0', 'non-breaking'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('parseAmount', () => {
  it.each([
    ['119373.34', 1, 119373.34],
    ['620786.70', 1, 620786.7],
    ['0', 1, 0],
    ['1,234.50', 1, 1234.5],
    ['$950', 1, 950],
    ['1100.04', 1_000_000, 1_100_040_000],
    ['0.1', 3, 0.3],
  ])('%j (scale %d) -> %d', (input, scale, expected) => {
    expect(parseAmount(input, scale)).toBe(expected);
  });

  it.each(['abc', '-1E02', '1E02', '-5', '12,34', '1.2.3', '', 'NaN', 'Infinity'])('%j is not an amount', (input) => {
    expect(parseAmount(input)).toBeNull();
  });
});

describe('parseCount', () => {
  it.each([
    ['2822', 2822],
    ['28549', 28549],
    ['1,200', 1200],
    ['12.0', 12],
  ])('%j -> %d', (input, expected) => {
    expect(parseCount(input)).toBe(expected);
  });

  it.each(['12.5', 'many', '-3'])('%j is not a count', (input) => {
    expect(parseCount(input)).toBeNull();
  });
});

describe('parseCrmDate', () => {
  it.each([
    ['2017-03-01', '2017-03-01'],
    ['2020-12-22T21:16:01Z', '2020-12-22'],
    ['2021-01-19T00:30:44.000Z', '2021-01-19'],
    ['2021-01-01T23:30:00-05:00', '2021-01-02'],
    ['2021-01-01T01:30:00+0200', '2020-12-31'],
    ['2021-06-06T17:33', '2021-06-06'],
    ['2024-02-29', '2024-02-29'],
  ])('%j -> %j', (input, expected) => {
    expect(parseCrmDate(input)).toBe(expected);
  });

  it.each([
    '2021-02-30',
    '2023-02-29',
    '2021-13-01',
    '2021-00-10',
    '2021-01-01T25:00:00Z',
    '2021-01-01T10:61:00Z',
    '12/22/2020',
    'soon',
    '2021-1-1',
  ])('%j is rejected', (input) => {
    expect(parseCrmDate(input)).toBeNull();
  });
});
