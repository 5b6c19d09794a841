/**
 * Reading a large JSON Lines run table as a stream: lines are parsed and validated in
 * batches, and only the numbers a fit uses are kept, grouped, in compact columns.
 */
import { createReadStream, statSync } from 'node:fs';

import { InputError, makeIssue, type InputIssue } from '../errors.ts';
import { filterRows, type RowCondition } from './filter-rows.ts';
import { issuesError, MAX_LISTED_ISSUES } from './issues-error.ts';
import { parseJsonLines } from './parse-json-table.ts';
import { readRuns, type ReadRunsOptions, type RunPoint, type Runs } from './read-runs.ts';
import { isRowIssue, type RawTable } from './raw-table.ts';
import { binaryIssue, unreadableFileError } from './read-table.ts';
import { emptyTableIssue } from './table-issues.ts';

/** Options of {@link streamRuns}: those of readRuns, plus batching, filtering and progress. */
export interface StreamRunsOptions extends Omit<ReadRunsOptions, 'format'> {
  /** Rows parsed and validated together. Integer >= 1. @defaultValue 10000 */
  batchRows?: number;
  /** Keep only rows meeting every condition (as `--where`). @defaultValue [] */
  where?: readonly RowCondition[];
  /** Called after each batch with the bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Runs read by streaming: the same description as {@link Runs}, points built per group. */
export interface StreamedRuns extends Omit<Runs, 'points'> {
  /** Data rows read (after `where`). */
  rowCount: number;
  /** The points of one group (null: all points of an ungrouped table), in file order. */
  pointsOf(group: string | null): RunPoint[];
}

/** The numbers kept for one group: one plain array of doubles per quantity. */
interface GroupColumns {
  x: number[];
  y: number[];
  N: number[];
  D: number[];
  C: number[];
  sigma: number[];
  row: number[];
  line: number[];
}

/** Issues beyond this many are counted, not kept, so a broken file cannot fill memory. */
const KEPT_ISSUES = 10 * MAX_LISTED_ISSUES;

/**
 * Read runs from a JSON Lines file without holding its text: bytes are decoded as a stream,
 * every `batchRows` lines are parsed and checked by {@link readRuns} (same columns, same
 * issues with file line, row and column), and only x, y, N, D, C and sigma are kept per group
 * as doubles. Memory grows with about 60 bytes per row, not with the file's size; a 1,000,000
 * row file of checkpoints reads in seconds.
 *
 * Limitation: the columns are resolved in each batch, so a file whose keys change part way
 * (a loss column renamed) is read with the names each batch holds. Every problem is collected
 * (the first 200 are kept) and thrown together once the file has been read.
 *
 * @param path - Path of a JSON Lines file (one flat object per line; a BOM is allowed).
 * @param options - Columns and requirements as for readRuns, plus batching, `where` and
 *   progress.
 * @returns The runs: description as readRuns gives it, and the points of each group.
 * @throws InputError `invalid-table` for bytes that are not UTF-8 text or lines that are not
 *   JSON objects; `invalid-runs` for cells and groups, as readRuns; `unreadable-file`.
 * @example
 * ```ts
 * const runs = await streamRuns('checkpoints.jsonl', { group: 'run', x: 'tokens' });
 * runs.pointsOf(runs.groups[0]!).length; // 5000
 * ```
 */
export async function streamRuns(
  path: string,
  options: StreamRunsOptions = {},
): Promise<StreamedRuns> {
  const batchRows = options.batchRows ?? 10_000;
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new InputError('invalid-option', `batchRows ${batchRows}: expected an integer >= 1`);
  }
  const totalBytes = fileSize(path);
  const minPoints = options.minPoints ?? 1;
  const readOptions: ReadRunsOptions = { ...options, format: 'jsonl', minPoints: 1 };
  const groups = new Map<string | null, GroupColumns>();
  const tableIssues: InputIssue[] = [];
  const runIssues: InputIssue[] = [];
  let dropped = 0;
  let first: Runs | null = null;
  let rowCount = 0;
  let rowsBefore = 0;

  const keep = (into: InputIssue[], found: readonly InputIssue[]) => {
    const room = Math.max(0, KEPT_ISSUES - tableIssues.length - runIssues.length);
    into.push(...found.slice(0, room));
    dropped += Math.max(0, found.length - room);
  };

  // 1. One batch of lines: parse, filter, validate, keep the numbers.
  const processBatch = (lines: string[], firstLine: number) => {
    const parts = parseJsonLines(lines.join('\n'), path, { line: firstLine, rowsBefore });
    rowsBefore += lines.filter((line) => line.trim() !== '').length;
    // Problems of single lines are reported with the runs' problems, as readRuns does.
    const rowIssues = parts.issues.filter(isRowIssue);
    keep(
      tableIssues,
      parts.issues.filter((issue) => !isRowIssue(issue)),
    );
    if (parts.rows.length === 0) {
      keep(runIssues, rowIssues);
      return;
    }
    let table: RawTable = {
      source: path,
      format: 'jsonl',
      columns: parts.columns,
      rows: parts.rows,
    };
    if (rowIssues.length > 0) table.issues = rowIssues;
    if (options.where !== undefined && options.where.length > 0) {
      table = filterRows(table, options.where);
      if (table.rows.length === 0) {
        keep(runIssues, rowIssues);
        return;
      }
    }
    let runs: Runs;
    try {
      runs = readRuns(table, readOptions);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      keep(runIssues, error.issues);
      return;
    }
    first ??= runs;
    rowCount += runs.points.length;
    for (const point of runs.points) append(groups, point);
  };

  // 2. Decode the bytes as a stream and cut them into lines.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let pending = '';
  let line = 1;
  let batch: string[] = [];
  let batchStart = 1;
  let bytesRead = 0;
  const stream = createReadStream(path);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const nul = chunk.indexOf(0);
      let text: string;
      try {
        if (nul >= 0) throw new RangeError('NUL byte');
        text = decoder.decode(chunk, { stream: true });
      } catch {
        const reason = nul >= 0 ? 'it contains NUL bytes' : 'it is not valid UTF-8 text';
        const at = line + countBreaks(pending + chunk.subarray(0, Math.max(nul, 0)).toString());
        throw issuesError('invalid-table', path, [binaryIssue(path, at, reason)]);
      }
      bytesRead += chunk.length;
      const lines = (pending + text).split(/\r\n|\n|\r/);
      // The last piece may be an unfinished line, or the \r of a \r\n split across chunks.
      pending = lines.pop() ?? '';
      if (pending === '' && text.endsWith('\r')) pending = '\r';
      for (const content of lines) {
        batch.push(content === '\r' ? '' : content);
        line += 1;
        if (batch.length >= batchRows) {
          processBatch(batch, batchStart);
          batch = [];
          batchStart = line;
          options.onProgress?.(bytesRead, totalBytes);
        }
      }
    }
    const rest = pending.replace(/\r$/, '') + decoder.decode();
    if (rest !== '') batch.push(rest);
  } finally {
    stream.destroy();
  }
  if (batch.length > 0) processBatch(batch, batchStart);
  options.onProgress?.(bytesRead, totalBytes);

  // 3. Report every problem at once, or describe the runs.
  if (rowsBefore === 0) tableIssues.push(emptyTableIssue(path, undefined, 'the file is empty'));
  const extra = dropped > 0 ? [`${dropped} more problems were found and not kept`] : [];
  if (tableIssues.length > 0)
    throw withNote(issuesError('invalid-table', path, tableIssues), extra);
  // As in readRuns: `invalid-table` when the only problems are those of single lines.
  const code = () => (runIssues.every(isRowIssue) ? 'invalid-table' : 'invalid-runs');
  if (first === null) throw withNote(issuesError(code(), path, runIssues), extra);
  runIssues.push(...groupCountIssues(path, groups, minPoints, options.group !== undefined));
  if (runIssues.length > 0) throw withNote(issuesError(code(), path, runIssues), extra);
  const description: Runs = first;
  return {
    source: path,
    columns: description.columns,
    derived: description.derived,
    flopsPerParamToken: description.flopsPerParamToken,
    groups: options.group === undefined ? [] : [...groups.keys()].map(String),
    rowCount,
    pointsOf: (group) => pointsOf(groups.get(group), group),
  };
}

/** Size of the file in bytes, or the reader's `unreadable-file` error. */
function fileSize(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw unreadableFileError(path, (error as NodeJS.ErrnoException).code);
  }
  if (stats.isDirectory()) throw unreadableFileError(path, 'EISDIR');
  return stats.size;
}

/** Line breaks in a text (\r\n counted once). */
function countBreaks(text: string): number {
  return text.split(/\r\n|\n|\r/).length - 1;
}

/** Add one point to its group's columns. */
function append(groups: Map<string | null, GroupColumns>, point: RunPoint): void {
  let columns = groups.get(point.group);
  if (columns === undefined) {
    columns = { x: [], y: [], N: [], D: [], C: [], sigma: [], row: [], line: [] };
    groups.set(point.group, columns);
  }
  columns.x.push(point.x);
  columns.y.push(point.y);
  columns.N.push(point.N ?? NaN);
  columns.D.push(point.D ?? NaN);
  columns.C.push(point.C ?? NaN);
  columns.sigma.push(point.sigma ?? NaN);
  columns.row.push(point.row);
  columns.line.push(point.line);
}

/** The points of one group's columns; NaN marks a quantity the table does not give. */
function pointsOf(columns: GroupColumns | undefined, group: string | null): RunPoint[] {
  if (columns === undefined) return [];
  return columns.x.map((x, i) => {
    const row = columns.row[i]!;
    const line = columns.line[i]!;
    const point: RunPoint = { x, y: columns.y[i]!, group, row, line };
    for (const key of ['N', 'D', 'C', 'sigma'] as const) {
      const value = columns[key][i]!;
      if (!Number.isNaN(value)) point[key] = value;
    }
    return point;
  });
}

/** `too-few-points` issues for groups (or the whole table) with fewer than `minPoints`. */
function groupCountIssues(
  path: string,
  groups: Map<string | null, GroupColumns>,
  minPoints: number,
  grouped: boolean,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [label, columns] of groups) {
    const count = columns.x.length;
    if (count >= minPoints) continue;
    const where = grouped ? `group ${JSON.stringify(label)}` : 'the table';
    issues.push(
      makeIssue({
        code: 'too-few-points',
        file: path,
        value: label ?? undefined,
        problem:
          `${where} has ${count} point${count === 1 ? '' : 's'}; ` +
          `the law needs at least ${minPoints}`,
        expected: `at least ${minPoints} runs`,
        hint: 'add runs, or choose a law with fewer parameters',
      }),
    );
  }
  return issues;
}

/** The error with extra lines appended to its message. */
function withNote(error: InputError, lines: string[]): InputError {
  if (lines.length === 0) return error;
  return new InputError(error.code, [error.message, ...lines.map((l) => `  ${l}`)].join('\n'), [
    ...error.issues,
  ]);
}
