/**
 * Parsing of numeric cells as people write them in run tables: `1.2e21`, `1_000`,
 * `1,000,000`, `70B`, `1.4T`.
 */

/** Powers of ten for the count suffixes K, M, B, T (thousand, million, billion, trillion). */
const SUFFIX_EXPONENTS: Readonly<Record<string, string>> = {
  k: '3',
  m: '6',
  b: '9',
  t: '12',
};

/** sign, integer part (digits with `_` or `,`), fraction, exponent, count suffix. */
const NUMBER_SHAPE = /^([+-]?)(\d[\d_,]*)?(?:\.(\d[\d_]*)?)?(?:[eE]([+-]?\d+))?([kKmMbBtT])?$/;

const PLAIN_DIGITS = /^\d+$/;
const THOUSANDS_GROUPS = /^\d{1,3}(?:,\d{3})+$/;
const UNDERSCORE_GROUPS = /^\d+(?:_\d+)*$/;
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i;

/**
 * Parse the text of one numeric cell into a double, or return null when it is not a number.
 *
 * Accepted: decimal and scientific notation (`-3.5`, `1.2e21`, `.5`), surrounding whitespace,
 * underscores between digits (`1_000`), commas as thousands separators in groups of three
 * (`1,000,000`), and a count suffix K, M, B or T, any case (10^3, 10^6, 10^9, 10^12):
 * `70B` is 7e10. The value is the correctly rounded double of the decimal written: the
 * suffix is appended as a decimal exponent (`1.4` + `e12`) and converted once, never
 * multiplied, and integers above 2^53 come out as the nearest double.
 *
 * Rejected (null): empty text, `NaN`, `Infinity`, `inf`, hexadecimal (`0x10`), a bare
 * exponent (`1e`), repeated signs (`--1`), several points (`1.2.3`), misplaced separators
 * (`1,00`, `1__0`, `_1`) and a suffix combined with an exponent (`1e3K`). Use
 * {@link isNonFiniteWord} to tell a spelled-out NaN or infinity apart from other junk.
 *
 * Limitation: a value beyond the double range (e.g. `1e400`) is a number as written and
 * comes back as `Infinity` or `-Infinity`; callers must check `Number.isFinite`.
 *
 * @param text - The cell text as written in the input.
 * @returns The value as a double, or null when the text is not a number.
 * @example
 * ```ts
 * parseNumber(' 1.4T ');      // 1400000000000
 * parseNumber('1,000,000');   // 1000000
 * parseNumber('0x10');        // null
 * ```
 */
export function parseNumber(text: string): number | null {
  // Plain digits, the common case in large tables, mean what Number says.
  if (PLAIN_DIGITS.test(text)) return Number(text);
  const match = NUMBER_SHAPE.exec(text.trim());
  if (match === null) return null;
  const [, sign = '', integer = '', fraction, exponent, suffix] = match;
  if (integer === '' && (fraction === undefined || fraction === '')) return null;
  if (exponent !== undefined && suffix !== undefined) return null;
  const integerDigits = integerPartDigits(integer);
  if (integerDigits === null) return null;
  if (fraction !== undefined && fraction !== '' && !UNDERSCORE_GROUPS.test(fraction)) {
    return null;
  }
  let decimal = `${sign}${integerDigits === '' ? '0' : integerDigits}`;
  if (fraction !== undefined && fraction !== '') decimal += `.${fraction.replaceAll('_', '')}`;
  if (exponent !== undefined) decimal += `e${exponent}`;
  if (suffix !== undefined) decimal += `e${SUFFIX_EXPONENTS[suffix.toLowerCase()]}`;
  return Number(decimal);
}

/** Digits of the integer part with its separators checked and removed; null if misplaced. */
function integerPartDigits(integer: string): string | null {
  const hasComma = integer.includes(',');
  const hasUnderscore = integer.includes('_');
  if (hasComma && hasUnderscore) return null;
  if (hasComma) return THOUSANDS_GROUPS.test(integer) ? integer.replaceAll(',', '') : null;
  if (hasUnderscore) return UNDERSCORE_GROUPS.test(integer) ? integer.replaceAll('_', '') : null;
  return integer;
}

/**
 * Tell whether a cell spells a non-finite value: `NaN`, `Infinity` or `inf`, in any case,
 * with an optional sign and surrounding whitespace.
 *
 * For messages only: {@link parseNumber} rejects these words, and the caller uses this test
 * to say "NaN or infinity is not allowed" instead of "not a number".
 *
 * @param text - The cell text as written in the input.
 * @returns True when the text is one of those words.
 * @example
 * ```ts
 * isNonFiniteWord('-Inf'); // true
 * isNonFiniteWord('n/a');  // false
 * ```
 */
export function isNonFiniteWord(text: string): boolean {
  return NON_FINITE_WORD.test(text.trim());
}
