/**
 * Turn a run table into validated numeric points for fitting: resolve which columns hold
 * x, y, N, D, C and the group, derive one missing of C, N, D through C = k·N·D, and check
 * every cell that is used.
 */
import { makeIssue, type InputIssue } from '../errors.ts';
import { issuesError } from './issues-error.ts';
import { nearestName } from './nearest-name.ts';
import { isNonFiniteWord, parseNumber } from './parse-number.ts';
import type { RawRow, RawTable, TableFormat } from './raw-table.ts';
import { readTable } from './read-table.ts';

/** A quantity a law can use: resource axis x, loss y, parameters N, tokens D, compute C. */
export type Quantity = 'x' | 'y' | 'N' | 'D' | 'C' | 'sigma';

/** Options of {@link readRuns}. Column names must match the header exactly. */
export interface ReadRunsOptions {
  /**
   * Column of the resource axis for one-input laws.
   * @defaultValue undefined: the compute column C (read or derived), else a column named
   *   x, steps, step or tokens
   */
  x?: string;
  /** Column of the loss. @defaultValue undefined: a column named loss, else score */
  y?: string;
  /** Column of the parameter count N. @defaultValue undefined: n, params, parameters, ... */
  n?: string;
  /** Column of the token count D. @defaultValue undefined: d, tokens, trainingtokens, ... */
  d?: string;
  /** Column of the compute C in FLOPs. @defaultValue undefined: c, flops, compute, ... */
  c?: string;
  /** Column whose text labels groups of runs. @defaultValue undefined: no grouping */
  group?: string;
  /**
   * Column of the standard deviation of each y (> 0), for weighted least squares.
   * @defaultValue undefined: unweighted
   */
  sigma?: string;
  /** Format when `input` is a path. @defaultValue undefined: from the extension, else sniffed */
  format?: TableFormat;
  /**
   * Which quantities the caller needs: `'x'` (one resource axis) or `'N'`, `'D'`
   * (two-input laws). @defaultValue ['x']
   */
  needs?: Array<'x' | 'N' | 'D'>;
  /**
   * Quantities that must be > 0 because the law takes their log, among x, y, N, D, C.
   * @defaultValue []
   */
  positive?: Quantity[];
  /**
   * Fewest points overall and per group; a law with p parameters needs at least p.
   * Integer >= 1. @defaultValue 1
   */
  minPoints?: number;
  /** FLOPs per parameter per token, k in C = k·N·D; finite, > 0. @defaultValue 6 */
  flopsPerParamToken?: number;
}

/** The defaults of {@link ReadRunsOptions} that are values rather than conventions. */
export const READ_RUNS_DEFAULTS: Readonly<{
  needs: ReadonlyArray<'x' | 'N' | 'D'>;
  positive: readonly Quantity[];
  minPoints: number;
  flopsPerParamToken: number;
}> = { needs: ['x'], positive: [], minPoints: 1, flopsPerParamToken: 6 };

/** One run: its resource axis, loss, optional N, D, C, group, and where it came from. */
export interface RunPoint {
  /** Resource axis (the unit of its column; FLOPs when it is C). */
  x: number;
  /** Loss, in the unit of its column (nats per token by convention). */
  y: number;
  /** Parameters (count), when read or derived. */
  N?: number;
  /** Training tokens (count), when read or derived. */
  D?: number;
  /** Training compute in FLOPs, when read or derived. */
  C?: number;
  /** Standard deviation of y, when a sigma column was given. */
  sigma?: number;
  /** Group label (trimmed text), null without a group column. */
  group: string | null;
  /** 1-based data row. */
  row: number;
  /** 1-based file line where the row starts. */
  line: number;
}

/** Validated runs ready for fitting. */
export interface Runs {
  source: string;
  /** Column each quantity was read from; null when absent or derived. */
  columns: {
    x: string | null;
    y: string;
    N: string | null;
    D: string | null;
    C: string | null;
    group: string | null;
    sigma: string | null;
  };
  /** Which of N, D, C were derived from the other two through C = k·N·D (true), not read. */
  derived: { N: boolean; D: boolean; C: boolean };
  /** k in C = k·N·D. */
  flopsPerParamToken: number;
  points: RunPoint[];
  /** Distinct group labels in first-seen order; [] without a group column. */
  groups: string[];
}

/**
 * Column names recognised without a flag, compared after lower-casing and removing spaces,
 * underscores, hyphens and dots; the first name in a list that matches a column wins.
 */
export const COLUMN_CONVENTIONS = {
  C: ['c', 'flops', 'compute', 'trainingflop', 'trainingflops', 'cflops'],
  N: ['n', 'params', 'parameters', 'modelsize', 'nparams'],
  D: ['d', 'tokens', 'dtokens', 'trainingtokens'],
  y: ['loss', 'score'],
  x: ['x', 'steps', 'step', 'tokens'],
} as const;

const NUMBER_EXPECTED = 'a number such as 1.2e21, 1_000 or 70B';

const QUANTITY_NAMES: Readonly<Record<Quantity, string>> = {
  x: 'the resource axis x',
  y: 'the loss y',
  N: 'parameters N',
  D: 'tokens D',
  C: 'compute C',
  sigma: 'the standard deviation sigma',
};

const FLAGS: Readonly<Record<Quantity | 'group', string>> = {
  x: '--x',
  y: '--y',
  N: '--n',
  D: '--d',
  C: '--c',
  sigma: '--sigma',
  group: '--group',
};

/** Where a quantity comes from: a column, the other two of C, N, D, or another quantity. */
type Source =
  { kind: 'column'; column: string } | { kind: 'derived' } | { kind: 'same'; as: 'N' | 'D' | 'C' };

/**
 * Read runs from a table file or a parsed table, resolve the columns and validate every
 * cell that is used.
 *
 * Columns: an explicit option wins and must exist; otherwise {@link COLUMN_CONVENTIONS}.
 * When N or D is needed, one missing quantity among C, N, D is derived through
 * C = k·N·D (k = `flopsPerParamToken`, FLOPs per parameter per token; N in parameters, D in
 * tokens, C in FLOPs) and flagged in `derived`. The x axis is the `x` column, else C (read or
 * derived), else a column named x, steps, step or tokens. Only used columns are checked, so
 * other columns may hold text. Limitation: C = 6·N·D is the dense-transformer estimate
 * (Kaplan et al. 2020, arXiv:2001.08361); other architectures need another k.
 *
 * @param input - Path of a table file (read with readTable), or a table already parsed.
 * @param options - Column names and requirements; see {@link ReadRunsOptions}.
 * @returns The points in row order with their source rows, the columns used, what was derived.
 * @throws InputError `invalid-table` from readTable for a malformed file; InputError
 *   `invalid-runs` listing every issue: `unknown-column`, `missing-column`, `non-numeric`,
 *   `non-finite`, `missing-value`, `non-positive`, `too-few-points`, `invalid-option`, and
 *   the problems of single rows the parser kept (`ragged-row`, ...; see RawTable `issues`)
 *   before them (`invalid-table` when those are the only ones).
 * @example
 * ```ts
 * const runs = readRuns('runs.csv', { needs: ['N', 'D'], positive: ['N', 'D', 'y'] });
 * runs.derived; // { N: false, D: true, C: false } for columns N, C, loss
 * ```
 */
export function readRuns(input: string | RawTable, options: ReadRunsOptions = {}): Runs {
  const table =
    typeof input === 'string' ? readTable(input, options.format, { keepRowIssues: true }) : input;
  const needs = options.needs ?? [...READ_RUNS_DEFAULTS.needs];
  const positive = new Set<Quantity>(options.positive ?? READ_RUNS_DEFAULTS.positive);
  const minPoints = options.minPoints ?? READ_RUNS_DEFAULTS.minPoints;
  const k = options.flopsPerParamToken ?? READ_RUNS_DEFAULTS.flopsPerParamToken;
  const issues = optionIssues(table.source, needs, minPoints, k);
  const plan = planColumns(table, options, needs, issues);
  // Rows the parser found a problem in (kept in table.issues) are not checked again.
  const rowIssues = table.issues ?? [];
  const flagged = new Set(rowIssues.map((issue) => issue.row));
  const cellIssues: InputIssue[] = [];
  const points: RunPoint[] = [];
  for (const raw of table.rows) {
    if (flagged.has(raw.row)) continue;
    const point = readPoint(raw, table.source, plan, positive, k, cellIssues);
    if (point !== null) points.push(point);
  }
  // The problems of single rows in file order (by line, then row: a JSON array may be one
  // line; the sort is stable, so a row's own problems keep their order).
  const place = (issue: InputIssue) => [issue.line ?? 0, issue.row ?? 0] as const;
  const inFileOrder = (a: InputIssue, b: InputIssue) =>
    place(a)[0] - place(b)[0] || place(a)[1] - place(b)[1];
  issues.push(...[...rowIssues, ...cellIssues].sort(inFileOrder));
  const groups = plan.group === null ? [] : distinctGroups(table, plan.group);
  if (Number.isInteger(minPoints) && minPoints >= 1) {
    issues.push(...pointCountIssues(table, plan.group, groups, minPoints));
  }
  if (issues.length > 0) {
    const onlyParsing = issues.length === rowIssues.length;
    throw issuesError(onlyParsing ? 'invalid-table' : 'invalid-runs', table.source, issues);
  }
  return {
    source: table.source,
    columns: {
      x: columnOf(plan, plan.x),
      // Never empty here: a missing y column is an issue, and issues were thrown above.
      y: plan.y ?? '',
      N: columnOf(plan, plan.N),
      D: columnOf(plan, plan.D),
      C: columnOf(plan, plan.C),
      group: plan.group,
      sigma: plan.sigma,
    },
    derived: {
      N: plan.N?.kind === 'derived',
      D: plan.D?.kind === 'derived',
      C: plan.C?.kind === 'derived',
    },
    flopsPerParamToken: k,
    points,
    groups,
  };
}

/** Which column (or derivation) feeds each quantity; null when unused or unresolved. */
interface ColumnPlan {
  x: Source | null;
  y: string | null;
  N: Source | null;
  D: Source | null;
  C: Source | null;
  group: string | null;
  sigma: string | null;
}

/** The column behind a source, following `same` links; null for derived or absent. */
function columnOf(plan: ColumnPlan, source: Source | null): string | null {
  if (source === null || source.kind === 'derived') return null;
  if (source.kind === 'column') return source.column;
  return columnOf(plan, plan[source.as]);
}

/** Problems with the numeric options themselves. */
function optionIssues(
  source: string,
  needs: readonly string[],
  minPoints: number,
  k: number,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const bad = (option: string, value: string, expected: string): void => {
    issues.push(
      makeIssue({
        code: 'invalid-option',
        file: source,
        value,
        problem: `option ${option} is invalid`,
        expected,
        hint: `pass a valid ${option}`,
      }),
    );
  };
  if (!Number.isInteger(minPoints) || minPoints < 1) {
    bad('minPoints', String(minPoints), 'an integer >= 1');
  }
  if (!Number.isFinite(k) || k <= 0) bad('flopsPerParamToken', String(k), 'a finite number > 0');
  if (needs.length === 0 || needs.some((need) => !['x', 'N', 'D'].includes(need))) {
    bad('needs', JSON.stringify(needs), "a non-empty list among 'x', 'N', 'D'");
  }
  return issues;
}

/** Lower-case and drop spaces, underscores, hyphens and dots, for convention matching. */
function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]/g, '');
}

/** Resolve every quantity to a column or a derivation, recording issues. */
function planColumns(
  table: RawTable,
  options: ReadRunsOptions,
  needs: ReadonlyArray<'x' | 'N' | 'D'>,
  issues: InputIssue[],
): ColumnPlan {
  const failed = new Set<Quantity | 'group'>();
  const pick = (
    quantity: Quantity | 'group',
    flag: string | undefined,
    names: readonly string[],
  ): string | null => {
    if (flag === undefined) return conventionColumn(table.columns, names);
    const column = flagColumn(table.columns, flag);
    if (column === null) {
      failed.add(quantity);
      issues.push(unknownColumnIssue(table, quantity, flag));
    }
    return column;
  };
  const columns = {
    C: pick('C', options.c, COLUMN_CONVENTIONS.C),
    N: pick('N', options.n, COLUMN_CONVENTIONS.N),
    D: pick('D', options.d, COLUMN_CONVENTIONS.D),
  };
  const y = pick('y', options.y, COLUMN_CONVENTIONS.y);
  const group = options.group === undefined ? null : pick('group', options.group, []);
  const sigma = options.sigma === undefined ? null : pick('sigma', options.sigma, []);
  const xFlag = options.x === undefined ? null : pick('x', options.x, []);
  if (y === null && !failed.has('y')) issues.push(missingColumnIssue(table, 'y'));

  const plan: ColumnPlan = { x: null, y, N: null, D: null, C: null, group, sigma };
  const sourceOf = (quantity: 'N' | 'D' | 'C'): Source | null => {
    const column = columns[quantity];
    return column === null ? null : { kind: 'column', column };
  };
  const twoInputs = needs.includes('N') || needs.includes('D');
  if (twoInputs) {
    const missing = (['C', 'N', 'D'] as const).filter((q) => columns[q] === null);
    for (const quantity of ['N', 'D', 'C'] as const) plan[quantity] = sourceOf(quantity);
    if (missing.length === 1) {
      plan[missing[0] as 'N' | 'D' | 'C'] = { kind: 'derived' };
    } else if (missing.length > 1) {
      const needed = needs.filter((q): q is 'N' | 'D' => q !== 'x' && columns[q] === null);
      if (needed.length > 0 && !needed.some((q) => failed.has(q)) && !failed.has('C')) {
        issues.push(missingColumnIssue(table, needed.join(' and ')));
      }
    }
  }

  if (xFlag !== null) {
    plan.x = { kind: 'column', column: xFlag };
  } else if (!failed.has('x')) {
    plan.x = resolveAxis(table, plan, columns, twoInputs);
    // With N or D needed, a missing axis means N or D is missing, already reported.
    const explained = twoInputs || failed.has('C') || failed.has('N') || failed.has('D');
    if (plan.x === null && !explained) issues.push(missingColumnIssue(table, 'x'));
  }
  return plan;
}

/** The x axis without an `x` option: C (read or derived), a conventional x column, N, D. */
function resolveAxis(
  table: RawTable,
  plan: ColumnPlan,
  columns: Record<'C' | 'N' | 'D', string | null>,
  twoInputs: boolean,
): Source | null {
  if (plan.C !== null) return { kind: 'same', as: 'C' };
  if (columns.C !== null) {
    plan.C = { kind: 'column', column: columns.C };
    return { kind: 'same', as: 'C' };
  }
  if (columns.N !== null && columns.D !== null) {
    plan.N ??= { kind: 'column', column: columns.N };
    plan.D ??= { kind: 'column', column: columns.D };
    plan.C = { kind: 'derived' };
    return { kind: 'same', as: 'C' };
  }
  const named = conventionColumn(table.columns, COLUMN_CONVENTIONS.x);
  if (named !== null) return { kind: 'column', column: named };
  if (twoInputs && plan.N !== null) return { kind: 'same', as: 'N' };
  if (twoInputs && plan.D !== null) return { kind: 'same', as: 'D' };
  return null;
}

/** The column an explicit option names: exact match, else a match ignoring outer spaces. */
function flagColumn(columns: readonly string[], flag: string): string | null {
  if (columns.includes(flag)) return flag;
  return columns.find((column) => column.trim() === flag.trim()) ?? null;
}

/** The first column matching a conventional name, trying names in order. */
function conventionColumn(columns: readonly string[], names: readonly string[]): string | null {
  for (const name of names) {
    const found = columns.find((column) => normalizeName(column) === name);
    if (found !== undefined) return found;
  }
  return null;
}

/** Issue for an option naming a column the table does not have. */
function unknownColumnIssue(table: RawTable, quantity: Quantity | 'group', flag: string) {
  const nearest = nearestName(flag, table.columns);
  const present = table.columns.map((column) => JSON.stringify(column)).join(', ');
  return makeIssue({
    code: 'unknown-column',
    file: table.source,
    column: flag,
    value: flag,
    problem: `option ${FLAGS[quantity]} names a column that does not exist`,
    expected: `one of the columns present: ${present}`,
    hint:
      nearest === null
        ? 'pass one of those names exactly'
        : `did you mean ${JSON.stringify(nearest)}?`,
  });
}

/** Issue for a quantity (or several, "N and D") that no column provides. */
function missingColumnIssue(table: RawTable, what: string): InputIssue {
  const hints: Record<string, string> = {
    y: 'name the loss column "loss" or pass --y <column>',
    x:
      'pass --x <column>, or provide a compute column (c, flops, compute) or both N and D ' +
      'columns',
    N: 'pass --n <column>, or --c and --d so N is derived from C = k·N·D',
    D: 'pass --d <column>, or --c and --n so D is derived from C = k·N·D',
    'N and D': 'pass --n <column> and --d <column>, or --c with one of them',
  };
  const conventions: Record<string, readonly string[]> = {
    y: COLUMN_CONVENTIONS.y,
    x: COLUMN_CONVENTIONS.x,
    N: COLUMN_CONVENTIONS.N,
    D: COLUMN_CONVENTIONS.D,
    'N and D': [...COLUMN_CONVENTIONS.N, ...COLUMN_CONVENTIONS.D],
  };
  const present = table.columns.map((column) => JSON.stringify(column)).join(', ');
  return makeIssue({
    code: 'missing-column',
    file: table.source,
    problem: `no column provides ${what} (columns present: ${present})`,
    expected: `a column named one of ${(conventions[what] ?? []).join(', ')}`,
    hint: hints[what] ?? 'pass the column name as an option',
  });
}

/** Parse one used cell; null plus an issue when it is not a usable number. */
function readCell(
  raw: RawRow,
  source: string,
  column: string,
  quantities: Quantity[],
  positive: ReadonlySet<Quantity>,
  issues: InputIssue[],
): number | null {
  const text = raw.cells[column] ?? null;
  const place = { file: source, line: raw.line, row: raw.row, column };
  const issue = (code: string, problem: string, expected: string, hint: string): null => {
    issues.push(makeIssue({ code, ...place, value: text ?? '', problem, expected, hint }));
    return null;
  };
  if (text === null || text.trim() === '') {
    const hint = 'fill it in or remove the row';
    return issue('missing-value', 'the cell is empty', NUMBER_EXPECTED, hint);
  }
  if (isNonFiniteWord(text)) {
    const problem = 'NaN or infinity is not allowed';
    return issue('non-finite', problem, 'a finite number', 'fix the value or remove the row');
  }
  const value = parseNumber(text);
  if (value === null) {
    const hint = 'fix the value or remove the row';
    return issue('non-numeric', 'the value is not a number', NUMBER_EXPECTED, hint);
  }
  if (!Number.isFinite(value)) {
    const expected = 'a finite number below 1.8e308';
    return issue('non-finite', 'the value overflows a double', expected, 'fix the value');
  }
  const mustBePositive = quantities.filter(
    (quantity) => positive.has(quantity) || quantity === 'sigma',
  );
  if (mustBePositive.length > 0 && value <= 0) {
    const first = mustBePositive[0] as Quantity;
    const why = first === 'sigma' ? 'it is a standard deviation' : 'the law takes its logarithm';
    return issue(
      'non-positive',
      `${QUANTITY_NAMES[first]} must be > 0 because ${why}`,
      'a value > 0',
      'remove the row or fix the value',
    );
  }
  return value;
}

/** Validate one row and build its point; null when any used cell has an issue. */
function readPoint(
  raw: RawRow,
  source: string,
  plan: ColumnPlan,
  positive: ReadonlySet<Quantity>,
  k: number,
  issues: InputIssue[],
): RunPoint | null {
  const before = issues.length;
  const uses = new Map<string, Quantity[]>();
  const use = (column: string | null, quantity: Quantity): void => {
    if (column !== null) uses.set(column, [...(uses.get(column) ?? []), quantity]);
  };
  use(plan.y, 'y');
  use(plan.sigma, 'sigma');
  for (const quantity of ['N', 'D', 'C'] as const) {
    const entry = plan[quantity];
    if (entry?.kind === 'column') use(entry.column, quantity);
  }
  if (plan.x?.kind === 'column') use(plan.x.column, 'x');
  else if (plan.x?.kind === 'same') use(columnOf(plan, plan.x), 'x');
  const values = new Map<string, number | null>();
  for (const [column, quantities] of uses) {
    values.set(column, readCell(raw, source, column, quantities, positive, issues));
  }
  let group: string | null = null;
  if (plan.group !== null) group = readGroup(raw, source, plan.group, issues);
  if (issues.length > before || plan.y === null || plan.x === null) return null;

  const read = (entry: Source | null): number | undefined =>
    entry?.kind === 'column' ? (values.get(entry.column) ?? undefined) : undefined;
  const quantities: Partial<Record<'N' | 'D' | 'C', number>> = {};
  for (const quantity of ['N', 'D', 'C'] as const) {
    const value = read(plan[quantity]);
    if (value !== undefined) quantities[quantity] = value;
  }
  const derivedOk = deriveMissing(raw, source, plan, quantities, positive, k, issues);
  if (!derivedOk) return null;
  const x = plan.x.kind === 'same' ? quantities[plan.x.as] : read(plan.x);
  const y = values.get(plan.y);
  if (x === undefined || y === undefined || y === null) return null;
  const point: RunPoint = { x, y, ...quantities, group, row: raw.row, line: raw.line };
  if (plan.sigma !== null) point.sigma = values.get(plan.sigma) ?? undefined;
  return point;
}

/** Fill the derived one of N, D, C through C = k·N·D; false (plus an issue) if unusable. */
function deriveMissing(
  raw: RawRow,
  source: string,
  plan: ColumnPlan,
  quantities: Partial<Record<'N' | 'D' | 'C', number>>,
  positive: ReadonlySet<Quantity>,
  k: number,
  issues: InputIssue[],
): boolean {
  const target = (['N', 'D', 'C'] as const).find((q) => plan[q]?.kind === 'derived');
  if (target === undefined) return true;
  const { N, D, C } = quantities;
  let value: number;
  let formula: string;
  if (target === 'C' && N !== undefined && D !== undefined) {
    value = k * N * D;
    formula = `C = ${k}·N·D`;
  } else if (target === 'D' && C !== undefined && N !== undefined) {
    value = C / (k * N);
    formula = `D = C / (${k}·N)`;
  } else if (target === 'N' && C !== undefined && D !== undefined) {
    value = C / (k * D);
    formula = `N = C / (${k}·D)`;
  } else {
    return false;
  }
  const isAxis = plan.x?.kind === 'same' && plan.x.as === target;
  const mustBePositive = positive.has(target) || (positive.has('x') && isAxis);
  const finite = Number.isFinite(value);
  // Positive operands with a zero result: the product or quotient underflowed (5e-324 * 6e-1).
  const operands = [N, D, C].filter((operand) => operand !== undefined);
  const underflow = finite && value === 0 && operands.every((operand) => operand > 0);
  if (finite && !underflow && !(mustBePositive && value <= 0)) {
    quantities[target] = value;
    return true;
  }
  const what = `${QUANTITY_NAMES[target]} (${formula})`;
  issues.push(
    makeIssue({
      code: finite && !underflow ? 'non-positive' : 'non-finite',
      file: source,
      line: raw.line,
      row: raw.row,
      column: `${target} (derived)`,
      value: String(value),
      problem: underflow
        ? `derived ${what} underflows to 0: the values it comes from are too small for a double`
        : finite
          ? `derived ${what} must be > 0 because the law takes its logarithm`
          : `derived ${what} is not finite`,
      expected: 'a finite value > 0',
      hint: 'fix the values it is derived from or remove the row',
    }),
  );
  return false;
}

/** The trimmed group label of a row; null plus an issue when empty. */
function readGroup(raw: RawRow, source: string, column: string, issues: InputIssue[]) {
  const text = raw.cells[column] ?? null;
  if (text !== null && text.trim() !== '') return text.trim();
  issues.push(
    makeIssue({
      code: 'missing-value',
      file: source,
      line: raw.line,
      row: raw.row,
      column,
      value: text ?? '',
      problem: 'the group label is empty',
      expected: 'a non-empty label',
      hint: 'fill in the group or remove the row',
    }),
  );
  return null;
}

/** Distinct trimmed, non-empty group labels in first-seen order. */
function distinctGroups(table: RawTable, column: string): string[] {
  const seen = new Set<string>();
  for (const raw of table.rows) {
    const label = raw.cells[column]?.trim() ?? '';
    if (label !== '') seen.add(label);
  }
  return [...seen];
}

/** `too-few-points` issues overall and per group, counting rows of the table. */
function pointCountIssues(
  table: RawTable,
  groupColumn: string | null,
  groups: string[],
  minPoints: number,
): InputIssue[] {
  const issues: InputIssue[] = [];
  const tooFew = (count: number, where: string, column?: string, value?: string): void => {
    issues.push(
      makeIssue({
        code: 'too-few-points',
        file: table.source,
        column,
        value,
        problem:
          `${where} has ${count} point${count === 1 ? '' : 's'}; ` +
          `the law needs at least ${minPoints}`,
        expected: `at least ${minPoints} runs`,
        hint: 'add runs, or choose a law with fewer parameters',
      }),
    );
  };
  if (table.rows.length < minPoints) tooFew(table.rows.length, 'the table');
  if (groupColumn === null) return issues;
  // One pass over the rows: a filter per group was quadratic for tables with many groups.
  const counts = new Map<string, number>();
  for (const raw of table.rows) {
    const label = raw.cells[groupColumn]?.trim();
    if (label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  for (const group of groups) {
    const count = counts.get(group) ?? 0;
    if (count < minPoints) tooFew(count, `group ${JSON.stringify(group)}`, groupColumn, group);
  }
  return issues;
}
