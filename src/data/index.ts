/**
 * Reading run tables: files to raw text cells (`readTable`), raw cells to validated points
 * (`readRuns`), large JSON Lines files as a stream (`streamRuns`), and the helpers they share.
 */
export { issuesError, MAX_LISTED_ISSUES } from './issues-error.ts';
export { nearestName } from './nearest-name.ts';
export { isNonFiniteWord, parseNumber } from './parse-number.ts';
export {
  COLUMN_CONVENTIONS,
  READ_RUNS_DEFAULTS,
  readRuns,
  type Quantity,
  type ReadRunsOptions,
  type RunPoint,
  type Runs,
} from './read-runs.ts';
export {
  formatFromPath,
  isTableFormat,
  parseTable,
  readTable,
  sniffFormat,
  TableFormat,
  type RawRow,
  type RawTable,
} from './read-table.ts';
export { streamRuns, type StreamedRuns, type StreamRunsOptions } from './stream-runs.ts';
