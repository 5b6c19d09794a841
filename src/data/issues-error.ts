/**
 * One `InputError` holding every problem found in an input, with a readable message.
 */
import { InputError, type InputIssue } from '../errors.ts';

/** Most issues spelled out in the message; the rest are counted. */
export const MAX_LISTED_ISSUES = 20;

/**
 * Build the error that reports all problems found in one input at once.
 *
 * The message is a first line saying how many problems were found in which file, then one
 * line per issue (its `message`), at most {@link MAX_LISTED_ISSUES} of them followed by
 * `... and N more`. Every issue, listed or not, is kept on `error.issues`.
 *
 * @param code - Stable error code, e.g. `invalid-table` or `invalid-runs`.
 * @param source - File path or label (`<stdin>`) of the input.
 * @param issues - The problems found; at least one.
 * @returns The error, ready to throw.
 * @example
 * ```ts
 * throw issuesError('invalid-runs', 'runs.csv', issues);
 * // message: '2 problems in runs.csv:\n  runs.csv line 3 (row 2), ...\n  ...'
 * ```
 */
export function issuesError(code: string, source: string, issues: InputIssue[]): InputError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = [`${count} in ${source}:`];
  for (const issue of issues.slice(0, MAX_LISTED_ISSUES))
    lines.push(`  [${issue.code}] ${issue.message}`);
  if (issues.length > MAX_LISTED_ISSUES) {
    lines.push(`  ... and ${issues.length - MAX_LISTED_ISSUES} more`);
  }
  return new InputError(code, lines.join('\n'), issues);
}
