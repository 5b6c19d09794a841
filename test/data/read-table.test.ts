import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/errors.ts';
import {
  formatFromPath,
  isTableFormat,
  parseTable,
  readTable,
  sniffFormat,
} from '../../src/data/read-table.ts';
import { catchInputError, issueCodes } from './catch-input-error.ts';
import { tempFiles } from './temp-files.ts';

const write = tempFiles();

/** The issue with `code`, asserting there is exactly one. */
function onlyIssue(error: InputError, code: string) {
  const matching = error.issues.filter((issue) => issue.code === code);
  expect(matching, `issues with code ${code}`).toHaveLength(1);
  return matching[0]!;
}

describe('parseTable', () => {
  it('parseTable keeps the CSV header and every cell as written, with row and line numbers', () => {
    const table = parseTable('N,D,loss\n1_000, 2e9 ,70B\n3,4,\n', 'runs.csv');
    expect(table).toEqual({
      source: 'runs.csv',
      format: 'csv',
      columns: ['N', 'D', 'loss'],
      rows: [
        { row: 1, line: 2, cells: { N: '1_000', D: ' 2e9 ', loss: '70B' } },
        { row: 2, line: 3, cells: { N: '3', D: '4', loss: '' } },
      ],
    });
  });

  it('parseTable reads TSV, JSON arrays and JSON Lines into the same columns', () => {
    const tsv = parseTable('N\tloss\n1e9\t2.5\n2e9\t2.25\n', 'runs.tsv', 'tsv');
    const json = parseTable('[{"N": "1e9", "loss": "2.5"}, {"N": "2e9", "loss": "2.25"}]', 'j');
    const jsonl = parseTable('{"N": "1e9", "loss": "2.5"}\n{"N": "2e9", "loss": "2.25"}\n', 'l');
    const cells = tsv.rows.map((row) => row.cells);
    expect(json.rows.map((row) => row.cells)).toEqual(cells);
    expect(jsonl.rows.map((row) => row.cells)).toEqual(cells);
    expect(jsonl.rows.map((row) => row.line)).toEqual([1, 2]);
    expect([tsv.format, json.format, jsonl.format]).toEqual(['tsv', 'json', 'jsonl']);
    expect(json.columns).toEqual(['N', 'loss']);
  });

  it('parseTable skips a BOM and handles CRLF line endings', () => {
    const table = parseTable('\uFEFFN,loss\r\n1e9,2.5\r\n\r\n2e9,2.25\r\n', 'bom.csv');
    expect(table.columns).toEqual(['N', 'loss']);
    expect(table.rows).toEqual([
      { row: 1, line: 2, cells: { N: '1e9', loss: '2.5' } },
      { row: 2, line: 4, cells: { N: '2e9', loss: '2.25' } },
    ]);
  });

  it('parseTable keeps quoted commas and line breaks and the line numbers of later rows', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [
        'name,N,loss',
        '"big, wide",1e9,2.5',
        '"two',
        'lines",2e9,2.4',
        '"three',
        '',
        'lines ""quoted""",3e9,2.3',
        'plain,4e9,2.2',
        '',
      ].join(eol);
      const table = parseTable(text, 'quoted.csv');
      expect(table.rows.map((row) => [row.row, row.line])).toEqual([
        [1, 2],
        [2, 3],
        [3, 5],
        [4, 8],
      ]);
      expect(table.rows.map((row) => row.cells['name'])).toEqual([
        'big, wide',
        `two${eol}lines`,
        `three${eol}${eol}lines "quoted"`,
        'plain',
      ]);
    }
  });

  it('parseTable converts JSON scalars to text and fills absent keys with null', () => {
    const text = '[{"N": 1e9, "ok": true}, {"loss": 2.5, "N": null, "note": "x"}]';
    const table = parseTable(text, 'runs.json');
    expect(table.columns).toEqual(['N', 'ok', 'loss', 'note']);
    expect(table.rows.map((row) => row.cells)).toEqual([
      { N: '1000000000', ok: 'true', loss: null, note: null },
      { N: null, ok: null, loss: '2.5', note: 'x' },
    ]);
  });

  it('parseTable gives each JSON array element the line where its object starts', () => {
    const runs = [
      { N: 1, loss: 2 },
      { N: 3, loss: '{[' },
      { N: 5, loss: 'a"b\\' },
    ];
    const pretty = JSON.stringify(runs, null, 2);
    expect(parseTable(pretty, 'pretty.json').rows.map((row) => row.line)).toEqual([2, 6, 10]);
    const compact = `[\n\n  {"N": 1, "loss": 2},   {"N": 3, "loss": 4},\n  {"N": 5,\n"loss": 6}]`;
    expect(parseTable(compact, 'compact.json').rows.map((row) => row.line)).toEqual([3, 3, 4]);
  });

  it('parseTable numbers JSON Lines rows by non-blank line and skips blank lines', () => {
    const text = '\uFEFF{"N": 1}\r\n\r\n{"N": 2}\r\n';
    const table = parseTable(text, 'runs.jsonl', 'jsonl');
    expect(table.rows).toEqual([
      { row: 1, line: 1, cells: { N: '1' } },
      { row: 2, line: 3, cells: { N: '2' } },
    ]);
  });

  it('parseTable sniffs the format when none is given', () => {
    expect(sniffFormat('  [{"a": 1}]')).toBe('json');
    expect(sniffFormat('\uFEFF{"a": 1}\n')).toBe('jsonl');
    expect(sniffFormat('a\tb\n1\t2\n')).toBe('tsv');
    expect(sniffFormat('a,b\n1\t2\n')).toBe('csv');
    expect(parseTable('a\tb\n1\t2\n', 'stdin').format).toBe('tsv');
  });

  it('parseTable reports an empty file, a blank file and a header-only file as empty-table', () => {
    for (const [text, format] of [
      ['', 'csv'],
      ['  \n\n', 'csv'],
      ['', 'jsonl'],
      ['[]', 'json'],
    ] as const) {
      const error = catchInputError(() => parseTable(text, 'empty.txt', format), 'invalid-table');
      expect(issueCodes(error)).toEqual(['empty-table']);
      expect(error.message).toContain('empty.txt');
    }
    const error = catchInputError(() => parseTable('N,loss\n', 'head.csv'), 'invalid-table');
    expect(issueCodes(error)).toEqual(['empty-table']);
    expect(error.message).toMatch(
      /^1 problem in head\.csv:\n {2}\[empty-table\] head\.csv, line 1: /,
    );
    expect(error.message).toContain('header line but no data rows');
  });

  it('parseTable reports NUL characters as binary-input', () => {
    const error = catchInputError(() => parseTable('a,b\n1,\u00002\n', 'bin.csv'), 'invalid-table');
    const issue = onlyIssue(error, 'binary-input');
    expect(issue.line).toBe(2);
    expect(error.message).toContain('bin.csv, line 2');
    expect(error.message).toContain('does not look like a text table');
  });

  it('parseTable reports an unclosed quote as malformed-csv at the line where it opens', () => {
    const text = 'N,loss\n1,2\n3,"4\n5,6\n';
    const error = catchInputError(() => parseTable(text, 'quote.csv'), 'invalid-table');
    const issue = onlyIssue(error, 'malformed-csv');
    expect(issue).toMatchObject({ file: 'quote.csv', line: 3, row: 2, value: '3,"4' });
    expect(error.message).toContain('quote.csv, line 3 (row 2)');
    expect(error.message).toContain('(value "3,\\"4")');
    expect(error.message).toContain('never closed');
  });

  it('parseTable reports text after a closing quote as malformed-csv with its line', () => {
    const text = 'N,loss\r\n"1\r\n0",2\r\n3,"4"x\r\n';
    const error = catchInputError(() => parseTable(text, 'close.csv'), 'invalid-table');
    const issue = onlyIssue(error, 'malformed-csv');
    expect(issue).toMatchObject({ line: 4, row: 2, value: '3,"4"x' });
    expect(error.message).toContain('CSV_INVALID_CLOSING_QUOTE');
  });

  it('parseTable reports rows with more or fewer fields than the header as ragged-row', () => {
    const text = 'N,D,loss\n1,2,3\n4,5\n6,7,8,9\n';
    const error = catchInputError(() => parseTable(text, 'ragged.csv'), 'invalid-table');
    expect(issueCodes(error)).toEqual(['ragged-row', 'ragged-row']);
    expect(error.issues.map((issue) => [issue.line, issue.row, issue.value])).toEqual([
      [3, 2, '4,5'],
      [4, 3, '6,7,8,9'],
    ]);
    expect(error.message).toContain('ragged.csv, line 3 (row 2): row has 2 fields, header has 3');
    expect(error.message).toContain('row has 4 fields, header has 3 (value "6,7,8,9")');
  });

  it('parseTable reports duplicated and empty header names as bad-header', () => {
    const text = 'N,loss,N, \n1,2,3,4\n';
    const error = catchInputError(() => parseTable(text, 'h.tsv', 'csv'), 'invalid-table');
    expect(issueCodes(error)).toEqual(['bad-header', 'bad-header']);
    expect(error.message).toContain('h.tsv, line 1, column "N": header name "N" appears more');
    expect(error.message).toContain('column " ": header column 4 has no name (value " ")');
  });

  it('parseTable reports invalid JSON as malformed-json with the line of the error', () => {
    const text = '[\n  {"N": 1},\n  {"N" 2}\n]';
    const error = catchInputError(() => parseTable(text, 'bad.json'), 'invalid-table');
    const issue = onlyIssue(error, 'malformed-json');
    expect(issue).toMatchObject({ file: 'bad.json', line: 3, value: '  {"N" 2}' });
    expect(error.message).toContain('bad.json, line 3: the file is not valid JSON');
  });

  it('parseTable reports a JSON document that is not an array of objects', () => {
    const parseObject = () => parseTable('{"N": [1, 2]}', 'o.json', 'json');
    const object = catchInputError(parseObject, 'invalid-table');
    expect(issueCodes(object)).toEqual(['malformed-json']);
    expect(object.message).toContain('the JSON document is an object, not an array');
    const text = '[\n{"N": 1},\n2,\n[3],\n{"N": {"deep": 1}}\n]';
    const error = catchInputError(() => parseTable(text, 'a.json'), 'invalid-table');
    expect(issueCodes(error)).toEqual(['malformed-json', 'malformed-json', 'nested-value']);
    expect(error.message).toContain('a.json, line 3 (row 2): the row is a number, not an object');
    expect(error.message).toContain('a.json, line 4 (row 3): the row is an array, not an object');
    expect(error.message).toContain(
      'a.json, line 5 (row 4), column "N": the value is a nested object or array ' +
        '(value "{\\"deep\\":1}")',
    );
  });

  it('parseTable reports each bad JSON Lines line as malformed-jsonl with its line', () => {
    const text = '{"N": 1}\n\n[1, 2]\n{"N": 2\n"text"\n{"N": 3}\n';
    const error = catchInputError(() => parseTable(text, 'r.jsonl'), 'invalid-table');
    expect(issueCodes(error)).toEqual(['malformed-jsonl', 'malformed-jsonl', 'malformed-jsonl']);
    expect(error.issues.map((issue) => [issue.line, issue.row])).toEqual([
      [3, 2],
      [4, 3],
      [5, 4],
    ]);
    expect(error.message).toContain('r.jsonl, line 4 (row 3): the line is not valid JSON');
    expect(error.message).toContain('(value "{\\"N\\": 2")');
  });

  it('parseTable collects every problem and lists at most 20 of them', () => {
    const lines = ['N,loss', ...Array.from({ length: 25 }, (_, index) => `${index}`)];
    const error = catchInputError(() => parseTable(lines.join('\n'), 'many.csv'), 'invalid-table');
    expect(error.issues).toHaveLength(25);
    const messageLines = error.message.split('\n');
    expect(messageLines[0]).toBe('25 problems in many.csv:');
    expect(messageLines).toHaveLength(22);
    expect(messageLines[20]).toContain('line 21 (row 20)');
    expect(messageLines[21]).toBe('  ... and 5 more');
  });
});

describe('readTable', () => {
  it('readTable infers the format from the extension', () => {
    expect(formatFromPath('a/runs.CSV')).toBe('csv');
    expect(formatFromPath('runs.tab')).toBe('tsv');
    expect(formatFromPath('runs.tsv')).toBe('tsv');
    expect(formatFromPath('runs.json')).toBe('json');
    expect(formatFromPath('runs.ndjson')).toBe('jsonl');
    expect(formatFromPath('runs.jsonl')).toBe('jsonl');
    expect(formatFromPath('runs.txt')).toBeUndefined();
    expect(isTableFormat('jsonl')).toBe(true);
    expect(isTableFormat('xlsx')).toBe(false);
    const path = write('runs.tab', 'N\tloss\n1\t2\n');
    expect(readTable(path)).toMatchObject({ source: path, format: 'tsv', columns: ['N', 'loss'] });
  });

  it('readTable sniffs an unknown extension and honours an explicit format', () => {
    expect(readTable(write('runs.txt', '{"N": 1}\n')).format).toBe('jsonl');
    const forced = readTable(write('semi.data', 'N;loss\n1;2\n'), 'csv');
    expect(forced.columns).toEqual(['N;loss']);
  });

  it('readTable reports NUL bytes and invalid UTF-8 as binary-input with the file name', () => {
    const nul = write('nul.csv', new Uint8Array([0x4e, 0x0a, 0x31, 0x00, 0x0a]));
    const nulError = catchInputError(() => readTable(nul), 'invalid-table');
    expect(onlyIssue(nulError, 'binary-input').line).toBe(2);
    expect(nulError.message).toContain(`${nul}, line 2: the input does not look like a text table`);
    const latin1 = write('latin1.csv', new Uint8Array([0x4e, 0x0a, 0x31, 0x0a, 0xe9, 0x0a]));
    const latinError = catchInputError(() => readTable(latin1), 'invalid-table');
    expect(onlyIssue(latinError, 'binary-input').line).toBe(3);
    expect(latinError.message).toContain('not valid UTF-8');
  });

  it('readTable keeps a UTF-8 BOM out of the first column name', () => {
    const path = write('bom.csv', '\uFEFFModel Size,loss\r\n1e9,2.5\r\n');
    expect(readTable(path).columns).toEqual(['Model Size', 'loss']);
  });

  it('readTable leaves a bad file byte-identical', () => {
    const content = '\uFEFFN,loss\r\n1,2,3\r\n"4,5\r\n';
    const path = write('bad.csv', content);
    const hash = () => createHash('sha256').update(readFileSync(path)).digest('hex');
    const before = hash();
    catchInputError(() => readTable(path), 'invalid-table');
    expect(hash()).toBe(before);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('readTable refuses a missing file with its path (InputError unreadable-file)', () => {
    const path = write('x.csv', 'a\n1\n').replace('x.csv', 'absent.csv');
    const error = catchInputError(() => readTable(path), 'unreadable-file');
    expect(error.code).toBe('unreadable-file');
    expect(error.message).toContain(path);
    expect(error.message).toContain('no such file');
  });
});
