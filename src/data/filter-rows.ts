import { InputError, makeIssue } from '../errors.ts';
import { nearestName } from './nearest-name.ts';
import { parseNumber } from './parse-number.ts';
import type { RawTable } from './raw-table.ts';

/** One row condition: `column OP value` with OP one of = != < <= > >=. */
export interface RowCondition {
  column: string;
  operator: '=' | '!=' | '<' | '<=' | '>' | '>=';
  value: string;
}

/**
 * Parse a condition such as `step=143000`, `loss<4.9` or `recipe!=baseline`. Comparisons are
 * numeric when both sides read as numbers (with the reader's rules: 1e21, 70B, 1_000), else
 * exact text for = and !=.
 *
 * @throws InputError (code `invalid-option`) when the text has no operator or no column.
 */
export function parseCondition(text: string): RowCondition {
  const match = /^\s*(.+?)\s*(!=|<=|>=|=|<|>)\s*(.*?)\s*$/.exec(text);
  if (match === null || match[1] === '') {
    throw new InputError(
      'invalid-option',
      `--where ${JSON.stringify(text)}: expected COLUMN OP VALUE with OP one of = != < <= > >=, ` +
        'e.g. "step=143000" or "loss<4.9"',
    );
  }
  return { column: match[1]!, operator: match[2] as RowCondition['operator'], value: match[3]! };
}

/**
 * Keep the rows of a table that meet every condition; the table itself is not changed (rows
 * keep their file lines, so messages still point at the file).
 *
 * @throws InputError (code `invalid-runs`) naming an unknown column and the nearest one, or
 *   a numeric comparison on a cell that is not a number.
 */
export function filterRows(table: RawTable, conditions: readonly RowCondition[]): RawTable {
  for (const condition of conditions) {
    if (!table.columns.includes(condition.column)) {
      const nearest = nearestName(condition.column, table.columns);
      const issue = makeIssue({
        code: 'unknown-column',
        file: table.source,
        column: condition.column,
        problem: '--where names a column that does not exist',
        expected: `one of ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`,
        hint:
          nearest === null ? 'use one of those names' : `did you mean ${JSON.stringify(nearest)}?`,
      });
      throw new InputError(
        'invalid-runs',
        `1 problem in ${table.source}:\n  [unknown-column] ${issue.message}`,
        [issue],
      );
    }
  }
  const rows = table.rows.filter((row) =>
    conditions.every((condition) => meets(row.cells[condition.column] ?? null, condition)),
  );
  return { ...table, rows };
}

function meets(cell: string | null, condition: RowCondition): boolean {
  const text = (cell ?? '').trim();
  const left = parseNumber(text);
  const right = parseNumber(condition.value);
  if (left !== null && right !== null) {
    switch (condition.operator) {
      case '=':
        return left === right;
      case '!=':
        return left !== right;
      case '<':
        return left < right;
      case '<=':
        return left <= right;
      case '>':
        return left > right;
      case '>=':
        return left >= right;
    }
  }
  if (condition.operator === '=') return text === condition.value;
  if (condition.operator === '!=') return text !== condition.value;
  return false;
}
