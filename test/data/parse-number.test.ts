import { describe, expect, it } from 'vitest';
import { isNonFiniteWord, parseNumber } from '../../src/data/parse-number.ts';

describe('parseNumber', () => {
  it('parseNumber reads decimal and scientific notation with surrounding whitespace', () => {
    expect(parseNumber('1.2e21')).toBe(1.2e21);
    expect(parseNumber('-3.5')).toBe(-3.5);
    expect(parseNumber('+5')).toBe(5);
    expect(parseNumber('  42\t')).toBe(42);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('5.')).toBe(5);
    expect(parseNumber('6.5E-3')).toBe(0.0065);
    expect(parseNumber('0')).toBe(0);
  });

  it('parseNumber accepts underscores between digits only', () => {
    expect(parseNumber('1_000')).toBe(1000);
    expect(parseNumber('1_000_000.000_5')).toBe(1000000.0005);
    for (const text of ['_1', '1_', '1__0', '1_.5', '1._5']) expect(parseNumber(text)).toBeNull();
  });

  it('parseNumber accepts commas only as thousands separators in groups of three', () => {
    expect(parseNumber('1,000,000')).toBe(1e6);
    expect(parseNumber('12,345.5')).toBe(12345.5);
    expect(parseNumber('-999,999')).toBe(-999999);
    for (const text of ['1,00', '1000,000', '1,0000', ',100', '1,000.5,0', '1,000_000']) {
      expect(parseNumber(text), text).toBeNull();
    }
  });

  it('parseNumber applies K, M, B, T suffixes in any case', () => {
    expect(parseNumber('70B')).toBe(7e10);
    expect(parseNumber('1.4T')).toBe(1.4e12);
    expect(parseNumber('1.4t')).toBe(1.4e12);
    expect(parseNumber('2.5k')).toBe(2500);
    expect(parseNumber('3M')).toBe(3e6);
    expect(parseNumber('1,500K')).toBe(1.5e6);
  });

  it('parseNumber rounds suffixed values correctly instead of multiplying floats', () => {
    // 4.35 * 1e12 is 4349999999999.9995 in floating point; the decimal 4.35e12 is exact.
    expect(4.35 * 1e12).not.toBe(4.35e12);
    expect(parseNumber('4.35T')).toBe(4.35e12);
    expect(parseNumber('4.35T')).toBe(Number('4.35e12'));
  });

  it('parseNumber returns the nearest double for integers above 2^53', () => {
    expect(parseNumber('7256911925269757952')).toBe(Number('7256911925269757952'));
    expect(parseNumber('9007199254740993')).toBe(9007199254740992);
  });

  it('parseNumber returns null for text that is not a number', () => {
    const rejected = [
      '',
      '   ',
      'NaN',
      'nan',
      'Infinity',
      '-Infinity',
      'inf',
      '0x10',
      '1e',
      '1e+',
      '--1',
      '1.2.3',
      '.',
      '-',
      'e5',
      'abc',
      '12abc',
      '1 000',
      '1e3K',
      '70 B',
      '70BB',
      '0b101',
      '1/2',
    ];
    for (const text of rejected) expect(parseNumber(text), JSON.stringify(text)).toBeNull();
  });

  it('parseNumber returns Infinity for a value beyond the double range', () => {
    expect(parseNumber('1e400')).toBe(Infinity);
    expect(parseNumber('-1e400')).toBe(-Infinity);
  });
});

describe('isNonFiniteWord', () => {
  it('isNonFiniteWord recognises NaN, Infinity and inf in any case with an optional sign', () => {
    for (const text of ['NaN', 'nan', 'NAN', 'Infinity', '-Infinity', '+inf', 'INF', ' -inf ']) {
      expect(isNonFiniteWord(text), text).toBe(true);
    }
  });

  it('isNonFiniteWord rejects other words and numbers', () => {
    for (const text of ['', 'infinite', 'n/a', 'none', '1e400', '--inf', 'na n']) {
      expect(isNonFiniteWord(text), text).toBe(false);
    }
  });
});
