/**
 * Errors raised by scalefit, each with a stable `code` that scripts and tests can match on.
 *
 * Who must act decides the class (see docs/conventions in the README):
 * - `InputError`: the caller's data or options are wrong; the message says where and what to do.
 * - `FitError`: no usable estimate exists (every start failed, non-finite parameters).
 * Soft problems (iteration limit, parameter at a bound, covariance not estimable) are never
 * thrown: they are a `status` and `warnings` on the fit result.
 */

/** One problem found in an input: where it is, what was there, what was expected. */
export interface InputIssue {
  /** Stable code, e.g. `non-numeric`, `non-positive`, `unknown-column`. */
  code: string;
  /** File path, or a label such as `<stdin>` for data that did not come from a file. */
  file?: string;
  /** 1-based line in the file where the offending row starts. */
  line?: number;
  /** 1-based data row (the header is not a data row). */
  row?: number;
  column?: string;
  /** The offending value as written in the input. */
  value?: string;
  /** What was expected instead. */
  expected?: string;
  /** What the user can do about it. */
  hint?: string;
  /** The full sentence, built from the fields above. */
  message: string;
}

/** Base class: every error scalefit throws on purpose carries a stable code. */
export class ScalefitError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ScalefitError';
    this.code = code;
  }
}

/** The caller's data or options are wrong. Holds every problem found, not only the first. */
export class InputError extends ScalefitError {
  readonly issues: InputIssue[];
  constructor(code: string, message: string, issues: InputIssue[] = []) {
    super(code, message);
    this.name = 'InputError';
    this.issues = issues;
  }
}

/** No usable estimate exists: every start failed or the parameters are not finite. */
export class FitError extends ScalefitError {
  constructor(code: string, message: string) {
    super(code, message);
    this.name = 'FitError';
  }
}

/**
 * Build the one-sentence text of an issue: place, what is wrong, what was expected, what to do.
 * Shape: `runs.csv line 18 (row 17), column "D": value "0" is not > 0; expected ...; fix: ...`.
 */
export function describeIssue(issue: Omit<InputIssue, 'message'> & { problem: string }): string {
  const place: string[] = [];
  if (issue.file !== undefined) place.push(issue.file);
  if (issue.line !== undefined) {
    place.push(
      issue.row !== undefined ? `line ${issue.line} (row ${issue.row})` : `line ${issue.line}`,
    );
  } else if (issue.row !== undefined) {
    place.push(`row ${issue.row}`);
  }
  if (issue.column !== undefined) place.push(`column ${JSON.stringify(issue.column)}`);
  const where = place.length > 0 ? `${place.join(', ')}: ` : '';
  const value = issue.value !== undefined ? ` (value ${quoteValue(issue.value)})` : '';
  const expected = issue.expected !== undefined ? `; expected ${issue.expected}` : '';
  const hint = issue.hint !== undefined ? `; ${issue.hint}` : '';
  return `${where}${issue.problem}${value}${expected}${hint}`;
}

/** Make an issue record with its message filled in. */
export function makeIssue(fields: Omit<InputIssue, 'message'> & { problem: string }): InputIssue {
  const { problem: _problem, ...rest } = fields;
  return { ...rest, message: describeIssue(fields) };
}

/** Quote a cell value for a message, escaping control characters and cutting long values. */
export function quoteValue(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  // JSON.stringify escapes C0; DEL and the C1 controls (8-bit CSI among them) are escaped too.
  return JSON.stringify(cut).replace(/[\u007f-\u009f]/g, unicodeEscape);
}

/** A character written as a visible `\uXXXX` escape. */
export function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
