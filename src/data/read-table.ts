/**
 * Reading a run table (CSV, TSV, JSON array, JSON Lines) into raw text cells.
 * This is the only module in `data/` that touches the file system.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { makeIssue, type InputError, type InputIssue } from '../errors.ts';
import { issuesError } from './issues-error.ts';
import { parseDelimited } from './parse-delimited.ts';
import { parseJsonArray, parseJsonLines } from './parse-json-table.ts';
import { emptyTableIssue } from './table-issues.ts';
import { isRowIssue, type ParsedParts, type RawTable, type TableFormat } from './raw-table.ts';

export { isTableFormat, TableFormat } from './raw-table.ts';
export type { RawRow, RawTable } from './raw-table.ts';

/** Options of {@link parseTable} and {@link readTable}. */
export interface ReadTableOptions {
  /**
   * Return the table when its only problems are confined to single rows (ragged rows, JSON
   * rows that are not objects, nested values), with those problems in `issues`, so that
   * readRuns can report them together with every other problem. @defaultValue false: throw
   */
  keepRowIssues?: boolean;
}

const EXTENSION_FORMATS: Readonly<Record<string, TableFormat>> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

const BINARY_EXPECTED = 'a UTF-8 text table (CSV, TSV, JSON or JSON Lines)';
const BINARY_HINT =
  'export the runs as CSV or JSON; spreadsheets (.xlsx) and archives cannot be read';

/**
 * The table format implied by a file name's extension, ignoring case.
 *
 * @param path - File path or name.
 * @returns `csv` for .csv, `tsv` for .tsv and .tab, `json` for .json, `jsonl` for .jsonl and
 *   .ndjson; undefined for any other extension (the content is then sniffed).
 * @example
 * ```ts
 * formatFromPath('runs/chinchilla.NDJSON'); // 'jsonl'
 * ```
 */
export function formatFromPath(path: string): TableFormat | undefined {
  return EXTENSION_FORMATS[extname(path).toLowerCase()];
}

/**
 * Guess the format of a table from its text: the first non-space character `[` means JSON,
 * `{` means JSON Lines, a tab in the first line means TSV, anything else CSV.
 *
 * @param text - The table text (a leading BOM is ignored).
 * @returns The guessed format.
 * @example
 * ```ts
 * sniffFormat('N\tloss\n1e9\t2.5\n'); // 'tsv'
 * ```
 */
export function sniffFormat(text: string): TableFormat {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first === '[') return 'json';
  if (first === '{') return 'jsonl';
  const firstLine = body.trimStart().split(/\r\n|\n|\r/, 1)[0] ?? '';
  return firstLine.includes('\t') ? 'tsv' : 'csv';
}

/**
 * Parse a run table held in a string, keeping every cell as the text written.
 *
 * Every problem is collected before anything is thrown: an empty table or one with only a
 * header (`empty-table`), NUL bytes (`binary-input`), broken CSV quoting (`malformed-csv`),
 * rows with more or fewer fields than the header (`ragged-row`), empty or repeated header
 * names (`bad-header`), invalid JSON or a document that is not an array of objects
 * (`malformed-json`), a JSON Lines line that is not an object (`malformed-jsonl`), nested
 * JSON values (`nested-value`). The text is only read, never modified.
 *
 * @param text - The whole table.
 * @param source - File path or label (`<stdin>`) used in messages and kept on the result.
 * @param format - The format; sniffed from the text with {@link sniffFormat} when omitted.
 * @param options - `keepRowIssues`: see {@link ReadTableOptions}.
 * @returns The table: columns in file order, rows with 1-based row and line numbers.
 * @throws InputError with code `invalid-table`, listing every issue found.
 * @example
 * ```ts
 * parseTable('N,loss\n1e9,2.5\n', 'inline.csv').rows[0];
 * // { row: 1, line: 2, cells: { N: '1e9', loss: '2.5' } }
 * ```
 */
export function parseTable(
  text: string,
  source: string,
  format?: TableFormat,
  options: ReadTableOptions = {},
): RawTable {
  const resolved = format ?? sniffFormat(text);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split(/\r\n|\n|\r/).length;
    const issue = binaryIssue(source, line, 'it contains NUL bytes');
    throw issuesError('invalid-table', source, [issue]);
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    const issue = emptyTableIssue(source, undefined, 'the file is empty');
    throw issuesError('invalid-table', source, [issue]);
  }
  const parts = parseParts(text, source, resolved);
  const table: RawTable = { source, format: resolved, columns: parts.columns, rows: parts.rows };
  if (parts.issues.length > 0) {
    const byLine = [...parts.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (options.keepRowIssues !== true || !byLine.every(isRowIssue)) {
      throw issuesError('invalid-table', source, byLine);
    }
    table.issues = byLine;
  }
  return table;
}

/** Dispatch to the parser of one format. */
function parseParts(text: string, source: string, format: TableFormat): ParsedParts {
  switch (format) {
    case 'csv':
      return parseDelimited(text, source, ',');
    case 'tsv':
      return parseDelimited(text, source, '\t');
    case 'json':
      return parseJsonArray(text, source);
    case 'jsonl':
      return parseJsonLines(text, source);
  }
}

/**
 * Read a run table from a file; see {@link parseTable} for what is checked.
 *
 * The bytes must be UTF-8 text: NUL bytes or invalid UTF-8 are reported as `binary-input`
 * (the file does not look like a text table). A leading BOM is allowed. The file is opened
 * read-only and never written.
 *
 * @param path - Path of the file; also the `source` named in messages.
 * @param format - The format; from the extension with {@link formatFromPath}, else sniffed.
 * @param options - `keepRowIssues`: see {@link ReadTableOptions}.
 * @returns The table with every cell as text.
 * @throws InputError with code `invalid-table` for a malformed table; Node's own error
 *   (e.g. `ENOENT`) when the file cannot be read.
 * @example
 * ```ts
 * readTable('runs.csv').columns; // ['N', 'D', 'loss']
 * ```
 */
export function readTable(
  path: string,
  format?: TableFormat,
  options: ReadTableOptions = {},
): RawTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw unreadableFileError(path, (error as NodeJS.ErrnoException).code);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = lineOfByte(bytes, nul);
    throw issuesError('invalid-table', path, [binaryIssue(path, line, 'it contains NUL bytes')]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const line = firstInvalidUtf8Line(bytes);
    throw issuesError('invalid-table', path, [
      binaryIssue(path, line, 'it is not valid UTF-8 text'),
    ]);
  }
  return parseTable(text, path, format ?? formatFromPath(path), options);
}

/** The `unreadable-file` error for a file Node could not open, by its error code. */
export function unreadableFileError(path: string, reason: string | undefined): InputError {
  const problem =
    reason === 'ENOENT'
      ? 'no such file'
      : reason === 'EISDIR'
        ? 'this is a folder, not a file'
        : reason === 'EACCES'
          ? 'permission denied'
          : `cannot be read (${reason ?? 'unknown error'})`;
  const hint = 'check the path and that the file is readable';
  const issue = makeIssue({ code: 'unreadable-file', file: path, problem, hint });
  return issuesError('unreadable-file', path, [issue]);
}

/** The issue for input that is not text (NUL bytes, invalid UTF-8). */
export function binaryIssue(source: string, line: number | undefined, reason: string): InputIssue {
  return makeIssue({
    code: 'binary-input',
    file: source,
    line,
    problem: `the input does not look like a text table: ${reason}`,
    expected: BINARY_EXPECTED,
    hint: BINARY_HINT,
  });
}

/** 1-based line of byte `offset`, counting `\n` bytes before it. */
function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let position = 0; position < offset; position += 1) if (bytes[position] === 0x0a) line += 1;
  return line;
}

/**
 * First line whose bytes are not valid UTF-8. Decoding line by line is exact because a `\n`
 * byte never occurs inside a multi-byte UTF-8 sequence.
 */
function firstInvalidUtf8Line(bytes: Uint8Array): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    try {
      decoder.decode(bytes.subarray(start, stop));
    } catch {
      return line;
    }
    if (end < 0) break;
    start = end + 1;
  }
  return undefined;
}
