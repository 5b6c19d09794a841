import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTable } from '../../src/data/read-table.ts';
import { READ_RUNS_DEFAULTS, readRuns, type Runs } from '../../src/data/read-runs.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { catchInputError, issueCodes } from './catch-input-error.ts';
import { tempFiles } from './temp-files.ts';

const write = tempFiles();

/** A CSV string parsed as a table named `source`. */
const csv = (text: string, source = 'runs.csv') => parseTable(text, source, 'csv');

/** Runs without what legitimately differs between formats: the source and the line numbers. */
function comparable(runs: Runs) {
  return { ...runs, source: '', points: runs.points.map((point) => ({ ...point, line: 0 })) };
}

const SMALL_RUNS = [
  { params: 1e9, tokens: 2e10, loss: 3.1, notes: 'first run' },
  { params: 2e9, tokens: 4e10, loss: 2.9, notes: 'second, longer' },
  { params: 4e9, tokens: 8e10, loss: 2.7, notes: null },
];

describe('readRuns', () => {
  it('readRuns gives identical runs from CSV, TSV, JSON and JSON Lines files', () => {
    const header = 'params,tokens,loss,notes';
    const csvText =
      `${header}\n1e9,2e10,3.1,first run\n2e9,4e10,2.9,"second, longer"\n` + '4e9,8e10,2.7,\n';
    const tsvText = csvText.replaceAll(',', '\t').replace('"second\t longer"', 'second, longer');
    const jsonText = `[\n${SMALL_RUNS.map((run) => JSON.stringify(run)).join(',\n')}\n]\n`;
    const jsonlText = SMALL_RUNS.map((run) => JSON.stringify(run)).join('\n');
    const all = [
      write('small.csv', csvText),
      write('small.tsv', tsvText),
      write('small.json', jsonText),
      write('small.jsonl', jsonlText),
    ].map((path) => readRuns(path, { needs: ['N', 'D'], positive: ['N', 'D', 'y'] }));
    const [fromCsv] = all as [Runs];
    expect(fromCsv.points.map((point) => point.line)).toEqual([2, 3, 4]);
    expect(all[2]?.points.map((point) => point.line)).toEqual([2, 3, 4]);
    expect(all[3]?.points.map((point) => point.line)).toEqual([1, 2, 3]);
    for (const runs of all.slice(1)) expect(comparable(runs)).toEqual(comparable(fromCsv));
    expect(fromCsv.columns).toEqual({
      x: null,
      y: 'loss',
      N: 'params',
      D: 'tokens',
      C: null,
      group: null,
      sigma: null,
    });
    expect(fromCsv.derived).toEqual({ N: false, D: false, C: true });
    expect(fromCsv.points[0]).toEqual({
      x: 6 * 1e9 * 2e10,
      y: 3.1,
      N: 1e9,
      D: 2e10,
      C: 6 * 1e9 * 2e10,
      group: null,
      row: 1,
      line: 2,
    });
  });

  it('readRuns reads suffixes, separators and integers above 2^53 exactly', () => {
    const table = csv('N,D,loss\n70B,1_000,"1,000"\n1.4T,7256911925269757952,2.5\n');
    const runs = readRuns(table, { needs: ['N', 'D'] });
    expect(runs.points.map((point) => [point.N, point.D, point.y])).toEqual([
      [7e10, 1000, 1000],
      [1.4e12, Number('7256911925269757952'), 2.5],
    ]);
    expect(runs.points[1]?.D).toBe(7256911925269757952);
  });

  it('readRuns derives D = C/(k·N) from C and N and marks it derived', () => {
    const table = csv('N,C,loss\n1e9,1.2e20,3\n7e10,5.88e23,2\n');
    const runs = readRuns(table, { needs: ['N', 'D'] });
    expect(runs.derived).toEqual({ N: false, D: true, C: false });
    expect(runs.columns).toMatchObject({ N: 'N', D: null, C: 'C', x: 'C' });
    expect(runs.flopsPerParamToken).toBe(6);
    expect(runs.points.map((point) => point.D)).toEqual([1.2e20 / (6 * 1e9), 5.88e23 / (6 * 7e10)]);
    expectClose(runs.points[0]?.D ?? NaN, 2e10, { rel: 1e-15 }, 'D of row 1');
    expectClose(runs.points[1]?.D ?? NaN, 1.4e12, { rel: 1e-15 }, 'D of row 2');
    expect(runs.points.map((point) => point.x)).toEqual([1.2e20, 5.88e23]);

    const eight = readRuns(table, { needs: ['N', 'D'], flopsPerParamToken: 8 });
    expect(eight.flopsPerParamToken).toBe(8);
    expect(eight.points.map((point) => point.D)).toEqual([
      1.2e20 / (8 * 1e9),
      5.88e23 / (8 * 7e10),
    ]);
    expectClose(eight.points[0]?.D ?? NaN, 1.5e10, { rel: 1e-15 }, 'D of row 1 with k = 8');
  });

  it('readRuns derives N = C/(k·D) from C and D', () => {
    const runs = readRuns(csv('D,compute,loss\n2e10,1.2e20,3\n'), { needs: ['N', 'D'] });
    expect(runs.derived).toEqual({ N: true, D: false, C: false });
    expect(runs.points[0]).toMatchObject({ N: 1.2e20 / (6 * 2e10), D: 2e10, C: 1.2e20 });
    expectClose(runs.points[0]?.N ?? NaN, 1e9, { rel: 1e-15 }, 'N');
  });

  it('readRuns takes x from the x option, else C (read or derived), else a steps column', () => {
    const table = csv('N,D,flops,steps,loss\n1e9,2e10,1e20,100,3\n');
    expect(readRuns(table).points[0]).toEqual({
      x: 1e20,
      y: 3,
      C: 1e20,
      group: null,
      row: 1,
      line: 2,
    });
    expect(readRuns(table).columns.x).toBe('flops');
    const fromFlag = readRuns(table, { x: 'steps' });
    expect(fromFlag.points[0]?.x).toBe(100);
    expect(fromFlag.columns.x).toBe('steps');
    const derived = readRuns(csv('N,D,loss\n1e9,2e10,3\n'));
    expect(derived.derived).toEqual({ N: false, D: false, C: true });
    expect(derived.columns.x).toBeNull();
    expect(derived.points[0]).toMatchObject({ x: 1.2e20, C: 1.2e20, N: 1e9, D: 2e10 });
    const steps = readRuns(csv('Step,loss\n100,3\n200,2.5\n'));
    expect(steps.columns.x).toBe('Step');
    expect(steps.points.map((point) => point.x)).toEqual([100, 200]);
  });

  it('readRuns finds columns by convention ignoring case, spaces, _, - and dots', () => {
    const table = csv('Model Size,Training-Tokens,C.FLOPs,Score\n1e9,2e10,1.2e20,0.5\n');
    const runs = readRuns(table, { needs: ['N', 'D'] });
    expect(runs.columns).toEqual({
      x: 'C.FLOPs',
      y: 'Score',
      N: 'Model Size',
      D: 'Training-Tokens',
      C: 'C.FLOPs',
      group: null,
      sigma: null,
    });
    expect(runs.derived).toEqual({ N: false, D: false, C: false });
    const both = csv('score,loss,n_params,N\n1,2,3,4\n');
    expect(readRuns(both, { needs: ['N'] }).columns).toMatchObject({ y: 'loss', N: 'N' });
  });

  it('readRuns lets an explicit column option win over the conventions', () => {
    const table = csv('loss,val_loss,C\n3,4,1e20\n');
    const runs = readRuns(table, { y: 'val_loss' });
    expect(runs.columns.y).toBe('val_loss');
    expect(runs.points[0]?.y).toBe(4);
  });

  it('readRuns reports an unknown column and suggests the nearest name', () => {
    const table = csv('params,tokens,loss\n1e9,2e10,3\n', 'named.csv');
    const error = catchInputError(() => readRuns(table, { y: 'LOSS_' }), 'invalid-runs');
    expect(issueCodes(error)).toEqual(['unknown-column']);
    expect(error.issues[0]).toMatchObject({ file: 'named.csv', column: 'LOSS_', value: 'LOSS_' });
    expect(error.message).toContain('named.csv, column "LOSS_": option --y names a column');
    expect(error.message).toContain('"params", "tokens", "loss"');
    expect(error.message).toContain('did you mean "loss"?');
    const far = catchInputError(() => readRuns(table, { n: 'width' }), 'invalid-runs');
    expect(far.message).not.toContain('did you mean');
  });

  it('readRuns reports missing columns and the options to pass', () => {
    const noD = catchInputError(
      () => readRuns(csv('N,loss\n1e9,3\n', 'nod.csv'), { needs: ['N', 'D'] }),
      'invalid-runs',
    );
    expect(issueCodes(noD)).toEqual(['missing-column']);
    expect(noD.message).toContain('nod.csv: no column provides D');
    expect(noD.message).toContain('pass --d <column>, or --c and --n');
    const none = catchInputError(
      () => readRuns(csv('loss,notes\n3,a\n'), { needs: ['N', 'D'] }),
      'invalid-runs',
    );
    expect(issueCodes(none)).toEqual(['missing-column']);
    expect(none.message).toContain('no column provides N and D');
    expect(none.message).toContain('pass --n <column> and --d <column>');
    const noY = catchInputError(() => readRuns(csv('C,val\n1,2\n')), 'invalid-runs');
    expect(issueCodes(noY)).toEqual(['missing-column']);
    expect(noY.message).toContain('--y <column>');
    const noX = catchInputError(() => readRuns(csv('width,loss\n1,2\n')), 'invalid-runs');
    expect(issueCodes(noX)).toEqual(['missing-column']);
    expect(noX.message).toContain('pass --x <column>');
  });

  it('readRuns reports every bad cell of a file in one error with line, row, column, value', () => {
    const path = write(
      'several.csv',
      [
        'N,D,loss,notes',
        '1e9,2e10,3.0,ok',
        '2e9,abc,2.9,ok',
        '"3e9",0,NaN,ok',
        '4e9,,2.7,ok',
        '-5e9,8e10,inf,ok',
        '6e9,1.2e400,2.5,ok',
      ].join('\n'),
    );
    const error = catchInputError(
      () => readRuns(path, { needs: ['N', 'D'], positive: ['N', 'D'] }),
      'invalid-runs',
    );
    expect(error.issues.map((issue) => [issue.code, issue.line, issue.row, issue.column])).toEqual([
      ['non-numeric', 3, 2, 'D'],
      ['non-finite', 4, 3, 'loss'],
      ['non-positive', 4, 3, 'D'],
      ['missing-value', 5, 4, 'D'],
      ['non-finite', 6, 5, 'loss'],
      ['non-positive', 6, 5, 'N'],
      ['non-finite', 7, 6, 'D'],
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(`7 problems in ${path}:`);
    expect(error.message).toContain(
      `${path}, line 3 (row 2), column "D": the value is not a number (value "abc"); ` +
        'expected a number such as 1.2e21, 1_000 or 70B',
    );
    expect(error.message).toContain(
      `${path}, line 4 (row 3), column "D": tokens D must be > 0 because the law takes its ` +
        'logarithm (value "0"); expected a value > 0; remove the row or fix the value',
    );
    expect(error.message).toContain(
      'line 4 (row 3), column "loss": NaN or infinity is not allowed (value "NaN")',
    );
    expect(error.message).toContain('line 5 (row 4), column "D": the cell is empty (value "")');
    expect(error.message).toContain('column "N": parameters N must be > 0');
    expect(error.message).toContain('(value "1.2e400")');
  });

  it('readRuns validates only the columns it uses', () => {
    const table = csv('C,loss,N,notes\n1e20,3,n/a,anything\n2e20,2.9,,"x, y"\n');
    const runs = readRuns(table);
    expect(runs.points.map((point) => [point.x, point.y])).toEqual([
      [1e20, 3],
      [2e20, 2.9],
    ]);
    expect(runs.points[0]?.N).toBeUndefined();
  });

  it('readRuns reports a derived value that is not finite', () => {
    const table = csv('N,C,loss\n0,1e20,3\n', 'zero.csv');
    const error = catchInputError(() => readRuns(table, { needs: ['N', 'D'] }), 'invalid-runs');
    expect(issueCodes(error)).toEqual(['non-finite']);
    expect(error.issues[0]).toMatchObject({ line: 2, row: 1, column: 'D (derived)' });
    expect(error.message).toContain('derived tokens D (D = C / (6·N)) is not finite');
  });

  it('readRuns reports a derived C that underflows to 0 from positive N and D', () => {
    // Found by the property tests: 6 * 5e-324 * 5e-324 is 0 in doubles, and the zero C
    // became the x axis of the run.
    const table = csv('N,D,loss\n5e-324,5e-324,3\n', 'tiny.csv');
    const error = catchInputError(
      () => readRuns(table, { needs: ['N', 'D'], positive: ['N', 'D', 'y'] }),
      'invalid-runs',
    );
    expect(issueCodes(error)).toEqual(['non-finite']);
    expect(error.issues[0]).toMatchObject({ line: 2, row: 1, column: 'C (derived)' });
    expect(error.message).toContain('derived compute C (C = 6·N·D) underflows to 0');
  });

  it('readRuns keeps trimmed group labels in first-seen order', () => {
    const table = csv('C,loss,family\n1,3, b \n2,2.9,a\n3,2.8,b\n');
    const runs = readRuns(table, { group: 'family' });
    expect(runs.groups).toEqual(['b', 'a']);
    expect(runs.columns.group).toBe('family');
    expect(runs.points.map((point) => point.group)).toEqual(['b', 'a', 'b']);
    expect(readRuns(csv('C,loss\n1,2\n')).groups).toEqual([]);
  });

  it('readRuns reports empty group labels and groups with too few points', () => {
    const table = csv('C,loss,family\n1,3,b\n2,2.9,a\n3,2.8,b\n4,2.7,\n', 'groups.csv');
    const error = catchInputError(
      () => readRuns(table, { group: 'family', minPoints: 2 }),
      'invalid-runs',
    );
    expect(issueCodes(error)).toEqual(['missing-value', 'too-few-points']);
    expect(error.message).toContain('groups.csv, line 5 (row 4), column "family": the group label');
    expect(error.message).toContain(
      'groups.csv, column "family": group "a" has 1 point; the law needs at least 2 (value "a")',
    );
  });

  it('readRuns reports a table with fewer points than minPoints', () => {
    const table = csv('C,loss\n1,3\n2,2.9\n', 'few.csv');
    const error = catchInputError(() => readRuns(table, { minPoints: 5 }), 'invalid-runs');
    expect(issueCodes(error)).toEqual(['too-few-points']);
    expect(error.message).toContain('few.csv: the table has 2 points; the law needs at least 5');
    expect(readRuns(table, { minPoints: 2 }).points).toHaveLength(2);
  });

  it('readRuns rejects invalid options', () => {
    const table = csv('C,loss\n1,3\n');
    const error = catchInputError(
      () => readRuns(table, { minPoints: 1.5, flopsPerParamToken: 0, needs: [] }),
      'invalid-runs',
    );
    expect(issueCodes(error)).toEqual(['invalid-option', 'invalid-option', 'invalid-option']);
    expect(error.message).toContain('option flopsPerParamToken is invalid (value "0")');
  });

  it('readRuns passes table errors through and honours the format option for paths', () => {
    const bad = write('bad.csv', 'C,loss\n1,2,3\n');
    const error = catchInputError(() => readRuns(bad), 'invalid-table');
    expect(issueCodes(error)).toEqual(['ragged-row']);
    const tsvWithoutExtension = write('runs.data', 'C\tloss\n1e20\t3\n');
    expect(readRuns(tsvWithoutExtension, { format: 'tsv' }).points[0]?.x).toBe(1e20);
  });

  it('readRuns reports ragged rows together with the bad cells of the other rows', () => {
    const path = write('mixed.csv', 'N,D,loss\n1e9,2e10,3.1\n2e9,abc,2.9\n4e9,8e10,-1\n8e9\n');
    const error = catchInputError(() => readRuns(path, { positive: ['y'] }), 'invalid-runs');
    expect(issueCodes(error)).toEqual(['non-numeric', 'non-positive', 'ragged-row']);
    expect(error.issues.map((issue) => issue.line)).toEqual([3, 4, 5]);
    // The ragged row is reported once, not again for the cells it lacks.
    expect(error.issues.filter((issue) => issue.row === 4)).toHaveLength(1);
    // One line of JSON: the problems in row order.
    const json = write('mixed.json', '[{"C": 1e20, "loss": 3}, {"C": "x", "loss": 2}, 7]');
    const jsonError = catchInputError(() => readRuns(json), 'invalid-runs');
    expect(issueCodes(jsonError)).toEqual(['non-numeric', 'malformed-json']);
    expect(jsonError.issues.map((issue) => issue.row)).toEqual([2, 3]);
  });

  it('readRuns still stops at a bad header: the columns cannot be trusted', () => {
    const path = write('header.csv', 'C,C,loss\n1e20,abc,3\n');
    const error = catchInputError(() => readRuns(path), 'invalid-table');
    expect(issueCodes(error)).toEqual(['bad-header']);
  });

  it('readRuns documents the defaults its code uses', () => {
    const source = readFileSync(new URL('../../src/data/read-runs.ts', import.meta.url), 'utf8');
    const optionsBlock = source.slice(
      source.indexOf('export interface ReadRunsOptions'),
      source.indexOf('export const READ_RUNS_DEFAULTS'),
    );
    const documented = new Map<string, string>();
    for (const match of optionsBlock.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)\?:/g)) {
      const comment = (match[1] ?? '').replace(/\n\s*\*/g, ' ');
      const value = /@defaultValue (.+?)\s*$/.exec(comment)?.[1];
      if (value !== undefined) documented.set(match[2] ?? '', value);
    }
    for (const [field, value] of Object.entries(READ_RUNS_DEFAULTS)) {
      const text = documented.get(field);
      expect(text, `@defaultValue of ${field}`).toBeDefined();
      expect(JSON.parse((text ?? '').replaceAll("'", '"')), field).toEqual(value);
    }
    expect([...documented.keys()]).toHaveLength(12);
  });

  const chinchilla = fileURLToPath(
    new URL('../../../shared/data/epoch-chinchilla/svg_extracted_data.csv', import.meta.url),
  );

  it.skipIf(!existsSync(chinchilla))(
    'readRuns reads the Epoch Chinchilla extraction with D derived from C and N',
    () => {
      const runs = readRuns(chinchilla, { n: 'Model Size', c: 'Training FLOP', needs: ['N', 'D'] });
      expect(runs.points).toHaveLength(245);
      expect(runs.derived).toEqual({ N: false, D: true, C: false });
      expect(runs.columns).toMatchObject({ N: 'Model Size', C: 'Training FLOP', y: 'loss' });
      const first = runs.points[0];
      expect(first?.N).toBe(6795600349.289497);
      expect(first?.C).toBe(9.993852799709755e18);
      expect(first?.D).toBe(9.993852799709755e18 / (6 * 6795600349.289497));
      expect(first).toMatchObject({ row: 1, line: 2, y: 5.005581996196243 });
    },
  );
});
