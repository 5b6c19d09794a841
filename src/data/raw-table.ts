/**
 * The shape of a run table as read from a file, before any cell is interpreted.
 */
import type { InputIssue } from '../errors.ts';

/** File formats the run-table reader understands. */
export const TableFormat = {
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
} as const;

/** One of `'csv'`, `'tsv'`, `'json'` (array of objects), `'jsonl'` (one object per line). */
export type TableFormat = (typeof TableFormat)[keyof typeof TableFormat];

/**
 * Tell whether a string names a supported table format.
 *
 * @param value - Text to test, e.g. a `--format` flag.
 * @returns True for `csv`, `tsv`, `json` and `jsonl`.
 * @example
 * ```ts
 * isTableFormat('tsv');  // true
 * isTableFormat('xlsx'); // false
 * ```
 */
export function isTableFormat(value: string): value is TableFormat {
  return Object.hasOwn(TableFormat, value);
}

/** One data row with every cell kept as text exactly as written. */
export interface RawRow {
  /** 1-based data row (the header of a CSV or TSV is not a data row). */
  row: number;
  /** 1-based line of the file where the row starts. */
  line: number;
  /**
   * Cell text by column name. JSON numbers are converted with `String()`, booleans to
   * `'true'`/`'false'`; null stands for a JSON null or a field missing from the row.
   */
  cells: Record<string, string | null>;
}

/** A table read from a file or a string, cells not yet interpreted. */
export interface RawTable {
  /** File path or label (`<stdin>`) used in messages. */
  source: string;
  format: TableFormat;
  /** Column names in file order (for JSON, the union of keys in first-seen order). */
  columns: string[];
  rows: RawRow[];
  /**
   * Problems of single rows found while parsing (see {@link isRowIssue}), present only when
   * the table was read with `keepRowIssues`: the reader then returns the table instead of
   * throwing, and readRuns reports these together with the problems of the other rows.
   */
  issues?: InputIssue[];
}

/** Codes of parse problems confined to one row, which leave the other rows readable. */
const ROW_ISSUE_CODES = new Set([
  'ragged-row',
  'malformed-json',
  'malformed-jsonl',
  'nested-value',
]);

/**
 * Whether a parse problem is confined to one data row (a ragged CSV row, a JSON row that is
 * not an object, a nested value), so the other rows can still be checked. A bad header, an
 * empty file, broken CSV quoting or invalid JSON as a whole are not.
 */
export function isRowIssue(issue: InputIssue): boolean {
  return issue.row !== undefined && ROW_ISSUE_CODES.has(issue.code);
}

/** What a format-specific parser hands back: the table parts and the problems found. */
export interface ParsedParts {
  columns: string[];
  rows: RawRow[];
  issues: InputIssue[];
}
