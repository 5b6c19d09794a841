/**
 * CSV and TSV parsing through csv-parse, keeping the header and line numbers ourselves.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { makeIssue, type InputIssue } from '../errors.ts';
import { LineIndex } from './line-index.ts';
import type { ParsedParts, RawRow } from './raw-table.ts';
import { emptyTableIssue, headerIssues } from './table-issues.ts';

/** One record as csv-parse returned it, with the line where it starts. */
export interface LocatedRecord {
  fields: string[];
  line: number;
}

const QUOTING_HINT =
  'wrap a field holding a comma, tab, quote or line break in double quotes and double ' +
  'any quote inside it ("")';

/**
 * Parse CSV or TSV text into header, rows and issues. Line numbers are computed from
 * csv-parse's byte offsets, so quoted fields spanning lines and CRLF endings keep them right.
 * A parse error stops csv-parse; it is reported once and the rows read before it are kept.
 *
 * @param text - The whole file as text (a leading BOM is skipped).
 * @param source - File path or label for messages.
 * @param delimiter - `','` for CSV, `'\t'` for TSV.
 */
export function parseDelimited(text: string, source: string, delimiter: string): ParsedParts {
  const issues: InputIssue[] = [];
  const { records, error } = readRecords(text, source, delimiter);
  if (error !== undefined) issues.push(error);
  const header = records[0];
  if (header === undefined) {
    if (error === undefined) issues.push(emptyTableIssue(source, undefined, 'the file is empty'));
    return { columns: [], rows: [], issues };
  }
  const columns = header.fields;
  issues.push(...headerIssues(columns, source, header.line));
  if (records.length === 1 && error === undefined) {
    const problem = 'the file has a header line but no data rows';
    issues.push(emptyTableIssue(source, header.line, problem));
  }
  const rows: RawRow[] = [];
  for (let index = 1; index < records.length; index += 1) {
    const record = records[index] as LocatedRecord;
    const cells: Record<string, string | null> = {};
    columns.forEach((name, position) => {
      cells[name] = record.fields[position] ?? null;
    });
    rows.push({ row: index, line: record.line, cells });
    if (record.fields.length !== columns.length) {
      issues.push(
        makeIssue({
          code: 'ragged-row',
          file: source,
          line: record.line,
          row: index,
          value: record.fields.join(delimiter),
          problem:
            `row has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, ` +
            `header has ${columns.length}`,
          expected: `${columns.length} fields, one per header column`,
          hint: `add or remove fields on this line; ${QUOTING_HINT}`,
        }),
      );
    }
  }
  return { columns, rows, issues };
}

/**
 * The records of a CSV or TSV text with their start lines, and the parse error if any: split
 * directly when the text has no quote and no carriage return, else parsed by csv-parse.
 */
function readRecords(
  text: string,
  source: string,
  delimiter: string,
): { records: LocatedRecord[]; error?: InputIssue } {
  const plain = !text.includes('"') && !text.includes('\r');
  return plain ? { records: splitRecords(text, delimiter) } : parseRecords(text, source, delimiter);
}

/**
 * Run csv-parse, collecting records with their start lines, and the parse error if any.
 * Records are taken in `on_record`, whose context (the same snapshot `info: true` gives) has
 * the byte offset where each record ends; the next record starts after the line breaks that
 * follow. csv-parse's own `lines` count is not used: it counts a CRLF inside quotes twice.
 */
export function parseRecords(
  text: string,
  source: string,
  delimiter: string,
): { records: LocatedRecord[]; error?: InputIssue } {
  const bytes = Buffer.from(text, 'utf8');
  const lines = LineIndex.ofBytes(bytes);
  const records: LocatedRecord[] = [];
  // A leading BOM (EF BB BF; parseTable strips it, direct callers may not) starts no record.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let previousEnd = bom ? 3 : 0;
  try {
    parse(bytes, {
      delimiter,
      columns: false,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], context) => {
        records.push({ fields, line: lines.lineAt(skipLineBreaks(bytes, previousEnd)) });
        previousEnd = context.bytes;
        return null;
      },
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const start = skipLineBreaks(bytes, previousEnd);
    const end = bytes.indexOf(0x0a, start);
    const unclosed = error.code === 'CSV_QUOTE_NOT_CLOSED';
    const value = bytes.subarray(start, end < 0 ? bytes.length : end).toString('utf8');
    return {
      records,
      error: makeIssue({
        code: 'malformed-csv',
        file: source,
        line: lines.lineAt(start),
        row: records.length > 0 ? records.length : undefined,
        value: value.replace(/\r$/, ''),
        problem: unclosed
          ? 'a quoted field starting in this record is never closed'
          : `the record starting here cannot be parsed (${error.code}: ${error.message})`,
        expected: 'well-formed CSV quoting',
        hint: `${QUOTING_HINT}; rows after this point were not read`,
      }),
    };
  }
  return { records };
}

/**
 * Records of a text with no quote and no carriage return, where CSV reduces to splitting:
 * lines at `\n`, fields at the delimiter, empty lines skipped, as csv-parse does with the
 * options above. About ten times faster than csv-parse on a million short rows, the shape
 * of per-attempt tables. test/data/read-table.test.ts checks both paths agree.
 */
export function splitRecords(text: string, delimiter: string): LocatedRecord[] {
  const records: LocatedRecord[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let start = 0;
  let line = 1;
  while (start <= body.length) {
    const found = body.indexOf('\n', start);
    const end = found < 0 ? body.length : found;
    if (end > start) records.push({ fields: body.slice(start, end).split(delimiter), line });
    start = end + 1;
    line += 1;
  }
  return records;
}

/** Offset of the first byte at or after `offset` that is not a line break. */
function skipLineBreaks(bytes: Uint8Array, offset: number): number {
  let position = offset;
  while (position < bytes.length && (bytes[position] === 0x0a || bytes[position] === 0x0d)) {
    position += 1;
  }
  return position;
}
