/**
 * JSON (array of objects) and JSON Lines parsing into raw rows with line numbers.
 */
import { makeIssue, type InputIssue } from '../errors.ts';
import { LineIndex } from './line-index.ts';
import type { ParsedParts, RawRow } from './raw-table.ts';
import { emptyTableIssue, headerIssues } from './table-issues.ts';

const SCALAR_EXPECTED = 'a number, string, boolean or null';

/**
 * Parse a JSON document that must be an array of flat objects. Each row's line is the line
 * where its object starts, found by scanning the text for the array's top-level elements.
 *
 * @param text - The whole document (a leading BOM is skipped).
 * @param source - File path or label for messages.
 */
export function parseJsonArray(text: string, source: string): ParsedParts {
  const lines = LineIndex.ofText(text);
  const bomLength = text.startsWith('\uFEFF') ? 1 : 0;
  let document: unknown;
  try {
    document = JSON.parse(text.slice(bomLength));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const line = syntaxErrorLine(error.message, text, lines, bomLength);
    return {
      columns: [],
      rows: [],
      issues: [
        makeIssue({
          code: 'malformed-json',
          file: source,
          line,
          value: line === undefined ? undefined : lineText(text, line),
          problem: `the file is not valid JSON (${error.message})`,
          expected: 'a JSON array of objects such as [{"N": 1e9, "loss": 2.5}]',
          hint: 'fix the JSON syntax near this place (missing comma, quote or bracket)',
        }),
      ],
    };
  }
  if (!Array.isArray(document)) {
    const problem = `the JSON document is ${describeJsonValue(document)}, not an array`;
    return { columns: [], rows: [], issues: [notArrayIssue(source, problem)] };
  }
  if (document.length === 0) {
    return {
      columns: [],
      rows: [],
      issues: [emptyTableIssue(source, undefined, 'the JSON array is empty')],
    };
  }
  const starts = topLevelElementStarts(text, bomLength);
  const builder = new RowBuilder(source, 'malformed-json');
  document.forEach((element: unknown, index) => {
    builder.add(element, index + 1, lines.lineAt(starts[index] ?? 0));
  });
  return builder.finish();
}

/**
 * Parse JSON Lines: one flat object per non-blank line.
 *
 * @param text - The whole file (a leading BOM is skipped), or a batch of its lines.
 * @param source - File path or label for messages.
 * @param start - For a batch read from the middle of a file: the file line of its first line
 *   and the number of data rows before it. @defaultValue `{ line: 1, rowsBefore: 0 }`
 */
export function parseJsonLines(
  text: string,
  source: string,
  start: { line: number; rowsBefore: number } = { line: 1, rowsBefore: 0 },
): ParsedParts {
  const builder = new RowBuilder(source, 'malformed-jsonl');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let row = start.rowsBefore;
  lines.forEach((content, index) => {
    if (content.trim() === '') return;
    row += 1;
    const line = index + start.line;
    let element: unknown;
    try {
      element = JSON.parse(content);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      builder.issues.push(
        makeIssue({
          code: 'malformed-jsonl',
          file: source,
          line,
          row,
          value: content,
          problem: `the line is not valid JSON (${error.message})`,
          expected: 'one JSON object per line such as {"N": 1e9, "loss": 2.5}',
          hint: 'fix the JSON syntax on this line, or remove the line',
        }),
      );
      return;
    }
    builder.add(element, row, line);
  });
  if (row === 0 && start.rowsBefore === 0) {
    builder.issues.push(emptyTableIssue(source, undefined, 'the file is empty'));
  }
  return builder.finish();
}

/** Collects rows from parsed JSON values, the union of their keys, and issues. */
class RowBuilder {
  readonly issues: InputIssue[] = [];
  private readonly columns: string[] = [];
  private readonly known = new Set<string>();
  private readonly rows: RawRow[] = [];

  constructor(
    private readonly source: string,
    private readonly shapeCode: 'malformed-json' | 'malformed-jsonl',
  ) {}

  /** Add one element as data row `row` starting at file line `line`. */
  add(element: unknown, row: number, line: number): void {
    if (typeof element !== 'object' || element === null || Array.isArray(element)) {
      this.issues.push(
        makeIssue({
          code: this.shapeCode,
          file: this.source,
          line,
          row,
          value: JSON.stringify(element),
          problem: `the row is ${describeJsonValue(element)}, not an object`,
          expected: 'an object mapping column names to values, such as {"N": 1e9}',
          hint: 'write each run as an object with one key per column',
        }),
      );
      return;
    }
    const cells: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(element)) {
      if (!this.known.has(key)) {
        this.known.add(key);
        this.columns.push(key);
      }
      const text = cellText(value);
      if (text === undefined) {
        this.issues.push(
          makeIssue({
            code: 'nested-value',
            file: this.source,
            line,
            row,
            column: key,
            value: JSON.stringify(value),
            problem: 'the value is a nested object or array',
            expected: SCALAR_EXPECTED,
            hint: 'flatten the value into its own column',
          }),
        );
        cells[key] = null;
      } else {
        cells[key] = text;
      }
    }
    this.rows.push({ row, line, cells });
  }

  /** The parts, with every row holding a cell (null if absent) for every column. */
  finish(): ParsedParts {
    for (const row of this.rows) {
      for (const column of this.columns) row.cells[column] ??= null;
    }
    const line = this.rows[0]?.line ?? 1;
    const issues = [...headerIssues(this.columns, this.source, line), ...this.issues];
    return { columns: this.columns, rows: this.rows, issues };
  }
}

/** Cell text of a JSON scalar; undefined for a nested object or array. */
function cellText(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** "an object", "a number", ... for messages. */
function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The issue for a JSON document that is not an array of objects. */
function notArrayIssue(source: string, problem: string): InputIssue {
  return makeIssue({
    code: 'malformed-json',
    file: source,
    line: 1,
    problem,
    expected: 'a JSON array of objects such as [{"N": 1e9, "loss": 2.5}]',
    hint: 'wrap the runs in [ ... ], or save one object per line as JSON Lines (.jsonl)',
  });
}

/** The line a JSON.parse error points at: "position P", "line L column C" or the end. */
function syntaxErrorLine(
  message: string,
  text: string,
  lines: LineIndex,
  shift: number,
): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position !== null) return lines.lineAt(Number(position[1]) + shift);
  const lineColumn = /line (\d+) column \d+/.exec(message);
  if (lineColumn !== null) return Number(lineColumn[1]);
  if (message.includes('end of JSON input')) {
    return lines.lineAt(Math.max(0, text.trimEnd().length - 1));
  }
  return undefined;
}

/** The text of 1-based line `line`. */
function lineText(text: string, line: number): string {
  return text.split(/\r\n|\n|\r/)[line - 1] ?? '';
}

/**
 * Offsets where each element of the top-level array starts. Only called on text that
 * JSON.parse accepted, so the scanner can assume valid JSON: it tracks strings (with escapes)
 * and nesting depth, and records the first character of each value at depth 1.
 */
function topLevelElementStarts(text: string, from: number): number[] {
  const starts: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let offset = from; offset < text.length; offset += 1) {
    const char = text[offset];
    if (inString) {
      if (char === '\\') offset += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') continue;
    if (depth === 1 && expectValue && char !== ']') {
      starts.push(offset);
      expectValue = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth === 1) expectValue = true;
    } else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 1) expectValue = true;
  }
  return starts;
}
