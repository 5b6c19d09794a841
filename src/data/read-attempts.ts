import { InputError, makeIssue, type InputIssue } from '../errors.ts';
import { issuesError } from './issues-error.ts';
import { nearestName } from './nearest-name.ts';
import { parseNumber } from './parse-number.ts';
import type { RawTable } from './raw-table.ts';

/** Options of {@link readProblemCounts}: column names. */
export interface ReadAttemptsOptions {
  /** Problem identifier column. @defaultValue 'problem' */
  problem?: string;
  /** Samples-per-problem column (counts input). @defaultValue 'samples' if present, else 'n' */
  samples?: string;
  /**
   * Correct column: a count (counts input) or 0/1 (one row per attempt).
   * @defaultValue 'correct'
   */
  correct?: string;
  /** Columns whose values split the problems into groups (RL step, split, model). */
  group?: string[];
}

/** One group of problems with their counts. */
export interface ProblemGroup {
  /** Group column values as written, or null without group columns. */
  group: Record<string, string> | null;
  problems: { problem: string; samples: number; correct: number }[];
}

/**
 * Read per-problem attempt counts from a table, in either shape: counts (problem, samples,
 * correct) or one row per attempt (problem, correct 0/1, no samples column), optionally split
 * into groups. Rows of one problem within a group are added up. Every problem is collected
 * before failing: unknown columns (with the nearest name), non-integers, correct > samples,
 * attempt values other than 0/1.
 */
export function readProblemCounts(
  table: RawTable,
  options: ReadAttemptsOptions = {},
): ProblemGroup[] {
  const issues: InputIssue[] = [];
  const column = (flag: string, wanted: string | undefined, fallbacks: string[]): string | null => {
    const names = wanted === undefined ? fallbacks : [wanted];
    const found = names.find((name) => table.columns.includes(name));
    if (found !== undefined) return found;
    if (wanted === undefined && fallbacks.length > 1) return null;
    const nearest = nearestName(names[0]!, table.columns);
    issues.push(
      makeIssue({
        code: 'unknown-column',
        file: table.source,
        column: names[0]!,
        problem: `${flag} names a column that does not exist`,
        expected: `one of ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`,
        hint:
          nearest === null ? `pass ${flag} <column>` : `did you mean ${JSON.stringify(nearest)}?`,
      }),
    );
    return null;
  };
  const problemColumn = column('--problem', options.problem, ['problem']);
  const correctColumn = column('--correct', options.correct, ['correct']);
  const samplesColumn =
    options.samples !== undefined
      ? column('--samples', options.samples, [])
      : column('--samples', undefined, ['samples', 'n']);
  const groupColumns = (options.group ?? []).map((name) => column('--group', name, [name]));
  if (issues.length > 0) throw issuesError('invalid-attempts', table.source, issues);

  const groups = new Map<string, ProblemGroup>();
  const byProblem = new Map<string, Map<string, { samples: number; correct: number }>>();
  // The helpers read `row`, the row at hand; they are made once, not per row, because tables
  // of attempts run to millions of rows.
  let row = table.rows[0]!;
  const place = () => ({ file: table.source, line: row.line, row: row.row });
  const cell = (name: string) => (row.cells[name] ?? '').trim();
  const integer = (name: string, what: string): number | null => {
    const value = parseNumber(cell(name));
    if (value !== null && Number.isInteger(value) && value >= 0) return value;
    issues.push(
      makeIssue({
        code: 'non-integer',
        ...place(),
        column: name,
        value: cell(name),
        problem: `${what} is not a whole number >= 0`,
        expected: 'a count such as 16',
        hint: 'fix the value or remove the row',
      }),
    );
    return null;
  };
  for (row of table.rows) {
    const problem = cell(problemColumn!);
    const correct = integer(correctColumn!, 'the correct count');
    let samples: number | null = 1;
    if (samplesColumn !== null) samples = integer(samplesColumn, 'the samples count');
    else if (correct !== null && correct > 1) {
      issues.push(
        makeIssue({
          code: 'not-an-attempt',
          ...place(),
          column: correctColumn!,
          value: cell(correctColumn!),
          problem: 'one row per attempt needs correct = 0 or 1',
          expected: '0 or 1, or a samples column for counts',
          hint: 'pass --samples <column> if each row counts several attempts',
        }),
      );
    }
    if (correct !== null && samples !== null && correct > samples) {
      issues.push(
        makeIssue({
          code: 'correct-exceeds-samples',
          ...place(),
          column: correctColumn!,
          value: cell(correctColumn!),
          problem: `correct (${correct}) is larger than samples (${samples})`,
          expected: 'correct <= samples',
          hint: 'fix the counts',
        }),
      );
    }
    if (problem === '') {
      issues.push(
        makeIssue({
          code: 'missing-value',
          ...place(),
          column: problemColumn!,
          value: '',
          problem: 'the problem is empty',
        }),
      );
    }
    if (correct === null || samples === null || correct > samples || problem === '') continue;
    const values = groupColumns.map((name) => cell(name!));
    const key = values.length === 1 ? values[0]! : JSON.stringify(values);
    let counts = byProblem.get(key);
    if (counts === undefined) {
      const group =
        groupColumns.length === 0
          ? null
          : Object.fromEntries(groupColumns.map((name, i) => [name!, values[i]!]));
      groups.set(key, { group, problems: [] });
      counts = new Map();
      byProblem.set(key, counts);
    }
    const previous = counts.get(problem);
    if (previous === undefined) counts.set(problem, { samples, correct });
    else {
      previous.samples += samples;
      previous.correct += correct;
    }
  }
  if (issues.length > 0) throw issuesError('invalid-attempts', table.source, issues);
  if (groups.size === 0) {
    throw new InputError('invalid-attempts', `${table.source}: no attempts to count`);
  }
  for (const [key, group] of groups) {
    for (const [problem, counts] of byProblem.get(key)!)
      group.problems.push({ problem, ...counts });
  }
  return [...groups.values()];
}
