/**
 * Property tests of the reader: whatever the bytes or the shape of the table, readTable and
 * readRuns either return a table whose cells are exactly what was written, or throw an
 * InputError whose every issue names the file (and, for a cell, its line, row and column).
 * Seeded and bounded so the suite is the same on every run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseRecords, splitRecords } from '../../src/data/parse-delimited.ts';
import { readRuns } from '../../src/data/read-runs.ts';
import { readTable } from '../../src/data/read-table.ts';
import { InputError } from '../../src/errors.ts';
import { tempFiles } from '../data/temp-files.ts';

const write = tempFiles();
// Fixed in CI; SCALEFIT_PROPERTY_SEED explores other cases locally.
const SEED = Number(process.env.SCALEFIT_PROPERTY_SEED ?? 20261203);
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Run `action`; return its value, or the InputError it threw (anything else fails). */
function outcome<T>(action: () => T): { value: T } | { error: InputError } {
  try {
    return { value: action() };
  } catch (error) {
    if (error instanceof InputError) return { error };
    throw error;
  }
}

/** Every issue names the file, and the message starts by counting the problems in it. */
function expectNamed(error: InputError, path: string): void {
  expect(error.issues.length).toBeGreaterThan(0);
  expect(error.message).toContain(path);
  for (const issue of error.issues) {
    expect(issue.file).toBe(path);
    expect(issue.message.startsWith(path)).toBe(true);
  }
}

/** Quote a CSV/TSV field when it holds the delimiter, a quote or a line break. */
function field(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Extreme and awkward numbers, written as people write them. */
const numberText = fc.oneof(
  fc.constantFrom(
    '1e-300',
    '1e300',
    '5e-324',
    '2.2250738585072014e-308',
    '-0',
    '0',
    '1e400',
    '-1e400',
    'NaN',
    '-Infinity',
    'inf',
    '',
    ' ',
    '70B',
    '1.4T',
    '1,000,000',
    '1_000',
    '0x10',
    '1e',
    '--1',
  ),
  fc.double().map(String),
  fc.double({ min: 1e-3, max: 1e25, noNaN: true }).map((value) => value.toExponential()),
);

/** Header names: ordinary, empty, blank, unicode, with delimiters, quotes and line breaks. */
const headerName = fc.oneof(
  fc.constantFrom('N', 'D', 'loss', 'C', 'tokens', '', ' ', 'Model Size', 'ß∂ƒ', '损失'),
  fc.constant('a,b'),
  fc.constantFrom('say "hi"', 'two\nlines', 'cr\r\nlf', '\uFEFFbom', 'emoji😀', 'x'),
  fc.string({ maxLength: 8, unit: 'grapheme' }),
);

const cellText = fc.oneof(numberText, fc.string({ maxLength: 10, unit: 'grapheme' }), headerName);

describe('readTable on arbitrary bytes', () => {
  it('returns a table or an InputError naming the file, and leaves the file as it was', () => {
    let index = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc.string({ maxLength: 200, unit: 'binary' }).map((text) => Buffer.from(text, 'utf8')),
          fc.constantFrom(
            Buffer.from([0xef, 0xbb, 0xbf]),
            Buffer.from([0xff, 0xfe, 0x4e, 0x00]),
            Buffer.from('N,loss\n1,\xff\n', 'latin1'),
          ),
        ),
        fc.constantFrom('.csv', '.tsv', '.json', '.jsonl', '.txt'),
        (bytes, extension) => {
          const path = write(`bytes-${index++}${extension}`, bytes);
          const before = hash(path);
          const result = outcome(() => readTable(path));
          if ('error' in result) expectNamed(result.error, path);
          else for (const row of result.value.rows) expect(row.line).toBeGreaterThan(0);
          expect(hash(path)).toBe(before);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('readTable on CSV and TSV of random shape', () => {
  it('gives back exactly the header and cells written, or names the bad header', () => {
    let index = 0;
    const shape = fc.integer({ min: 2, max: 5 }).chain((width) =>
      fc.record({
        header: fc.array(headerName, { minLength: width, maxLength: width }),
        rows: fc.array(fc.array(cellText, { minLength: width, maxLength: width }), {
          minLength: 1,
          maxLength: 6,
        }),
        delimiter: fc.constantFrom(',', '\t'),
        newline: fc.constantFrom('\n', '\r\n'),
        bom: fc.boolean(),
        finalNewline: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(shape, ({ header, rows, delimiter, newline, bom, finalNewline }) => {
        const lines = [header, ...rows].map((cells) =>
          cells.map((cell) => field(cell, delimiter)).join(delimiter),
        );
        const text = (bom ? '\uFEFF' : '') + lines.join(newline) + (finalNewline ? newline : '');
        const extension = delimiter === ',' ? 'csv' : 'tsv';
        const path = write(`shape-${index++}.${extension}`, text);
        const result = outcome(() => readTable(path));
        // A BOM opening the file is a BOM, even when it is part of the first name written.
        const columns = [...header];
        if (!bom) columns[0] = columns[0]!.replace(/^\uFEFF/, '');
        const headerOk =
          new Set(columns).size === columns.length && columns.every((name) => name.trim() !== '');
        if ('error' in result) {
          expectNamed(result.error, path);
          expect(result.error.issues.map((issue) => issue.code)).toContain('bad-header');
          expect(headerOk).toBe(false);
          return;
        }
        expect(headerOk).toBe(true);
        expect(result.value.columns).toEqual(columns);
        expect(result.value.rows.map((row) => columns.map((name) => row.cells[name]))).toEqual(
          rows,
        );
        // Each row starts on the line its first field was written on.
        let line = 1 + lines[0]!.split(/\r\n|\n|\r/).length;
        result.value.rows.forEach((row, i) => {
          expect(row.line).toBe(line);
          line += lines[i + 1]!.split(/\r\n|\n|\r/).length;
        });
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('readTable on JSON and JSON Lines of random shape', () => {
  it('gives back every scalar as text, or names the line of the problem', () => {
    let index = 0;
    const value = fc.oneof(
      fc.double(),
      fc.constantFrom(1e-300, 1e300, 5e-324, -0, 0),
      fc.string({ maxLength: 6, unit: 'grapheme' }),
      fc.boolean(),
      fc.constant(null),
      fc.constant({ nested: 1 }),
      fc.constant([1, 2]),
    );
    const record = fc.dictionary(headerName, value, { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.constantFrom('\n', '\r\n'),
        (records, lines, newline) => {
          const text = lines
            ? records.map((r) => JSON.stringify(r)).join(newline)
            : JSON.stringify(records, null, 1).replace(/\n/g, newline);
          const path = write(`json-${index++}.${lines ? 'jsonl' : 'json'}`, text);
          const result = outcome(() => readTable(path));
          if ('error' in result) {
            expectNamed(result.error, path);
            for (const issue of result.error.issues) expect(issue.line).toBeGreaterThan(0);
            return;
          }
          records.forEach((written, i) => {
            const cells = result.value.rows[i]!.cells;
            for (const [key, cell] of Object.entries(written)) {
              // JSON.stringify writes -0 as 0 and non-finite numbers as null.
              const expected =
                cell === null || (typeof cell === 'number' && !Number.isFinite(cell))
                  ? null
                  : String(Object.is(cell, -0) ? 0 : cell);
              expect(cells[key]).toBe(expected);
            }
          });
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('readRuns on extreme numbers', () => {
  it('returns only finite, positive N, D, C and loss, or names the line, row and column', () => {
    let index = 0;
    const row = fc.tuple(numberText, numberText, numberText);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const text = [
          'N,D,loss',
          ...rows.map((cells) => cells.map((c) => field(c, ',')).join(',')),
        ];
        const path = write(`runs-${index++}.csv`, text.join('\n') + '\n');
        const result = outcome(() =>
          readRuns(path, { needs: ['N', 'D'], positive: ['N', 'D', 'y'], minPoints: 1 }),
        );
        if ('error' in result) {
          expectNamed(result.error, path);
          for (const issue of result.error.issues) {
            if (issue.code === 'too-few-points') continue;
            expect(issue.line, issue.message).toBeGreaterThanOrEqual(2);
            expect(issue.row, issue.message).toBe(issue.line! - 1);
            expect(issue.column, issue.message).toBeDefined();
            expect(issue.message).toContain(`line ${issue.line} (row ${issue.row})`);
          }
          return;
        }
        for (const point of result.value.points) {
          for (const value of [point.N!, point.D!, point.C!, point.y, point.x]) {
            expect(Number.isFinite(value) && value > 0, String(value)).toBe(true);
          }
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('CSV records without quotes or carriage returns', () => {
  it('splitRecords gives exactly what csv-parse gives, lines included', () => {
    // Text from the characters that matter to a splitter: delimiters, line feeds, blanks, a
    // BOM (leading or not), non-ASCII; no quote and no carriage return, as readRecords asks.
    const text = fc
      .array(fc.constantFrom('a', '7', ',', '\t', '\n', '\n\n', ' ', 'é', '😀', '\uFEFF'), {
        maxLength: 40,
      })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom(',', '\t'), (input, delimiter) => {
        const parsed = parseRecords(input, 'plain.csv', delimiter);
        expect(parsed.error).toBeUndefined();
        expect(splitRecords(input, delimiter)).toEqual(parsed.records);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
