/**
 * Issues shared by the CSV, TSV and JSON parsers.
 */
import { makeIssue, type InputIssue } from '../errors.ts';

/** Issues for empty or duplicated header names. */
export function headerIssues(columns: string[], source: string, line: number): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  columns.forEach((name, position) => {
    const problem =
      name.trim() === ''
        ? `header column ${position + 1} has no name`
        : seen.has(name)
          ? `header name ${JSON.stringify(name)} appears more than once`
          : null;
    seen.add(name);
    if (problem === null) return;
    issues.push(
      makeIssue({
        code: 'bad-header',
        file: source,
        line,
        column: name,
        value: name,
        problem,
        expected: 'a distinct, non-empty name for every column',
        hint: 'rename or remove the column in the header line',
      }),
    );
  });
  return issues;
}

/** The issue for a file with no data rows. */
export function emptyTableIssue(
  source: string,
  line: number | undefined,
  problem: string,
): InputIssue {
  return makeIssue({
    code: 'empty-table',
    file: source,
    line,
    problem,
    expected: 'a header and at least one data row',
    hint: 'check that this is the right file and that it was fully written',
  });
}
