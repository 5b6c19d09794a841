/**
 * streamRuns: a JSON Lines table read batch by batch gives the same runs as readRuns, every
 * group's fit recovers the truth the seeded generator drew, and problems name their lines.
 */
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readRuns } from '../../src/data/read-runs.ts';
import { streamRuns } from '../../src/data/stream-runs.ts';
import { InputError } from '../../src/errors.ts';
import { fitLaw } from '../../src/fit/fit-law.ts';
import { laws } from '../../src/laws/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { writeCheckpoints } from '../fixtures/checkpoints.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { tempFiles } from './temp-files.ts';

const write = tempFiles();
const folder = join(write('probe.txt', ''), '..');
const options = { group: 'run', x: 'tokens', positive: ['x', 'y'] as ('x' | 'y')[] };

async function streamError(path: string, batchRows = 10_000): Promise<InputError> {
  try {
    await streamRuns(path, { ...options, batchRows });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('streamRuns should have thrown');
}

describe('streamRuns', () => {
  it('reads 20,000 checkpoints in 40 runs; each fit recovers its seeded truth', async () => {
    const path = join(folder, 'checkpoints.jsonl');
    const truths = writeCheckpoints(path, { rows: 20_000, groups: 40, seed: 11 });
    const runs = await streamRuns(path, { ...options, batchRows: 3_000, minPoints: 3 });
    expect(runs.rowCount).toBe(20_000);
    expect(runs.groups).toEqual([...truths.keys()]);
    expect(runs.columns).toMatchObject({ x: 'tokens', y: 'loss', group: 'run' });
    for (const [label, [E, A, alpha]] of truths) {
      const points = runs.pointsOf(label);
      expect(points).toHaveLength(500);
      const fit = fitLaw(laws['power-offset']!, points, { optimisedStarts: 2 });
      expect(fit.status).toBe('converged');
      // 500 points with 0.2% noise: each parameter within 4 of its reported standard errors
      // of the truth (the data are seeded, so this is one fixed draw per run).
      const truth: Record<string, number> = { E, A, alpha };
      for (const name of ['E', 'A', 'alpha']) {
        const error = fit.standardErrors![name]!;
        expectClose(fit.params[name]!, truth[name]!, { abs: 4 * error }, `${label} ${name}`);
      }
    }
  });

  it('gives the points readRuns gives, rows and lines included, across batch edges', async () => {
    const path = join(folder, 'small.jsonl');
    writeCheckpoints(path, { rows: 997, groups: 7, seed: 2 });
    const whole = readRuns(path, options);
    const streamed = await streamRuns(path, { ...options, batchRows: 100 });
    for (const group of whole.groups) {
      const expected = whole.points.filter((point) => point.group === group);
      expect(streamed.pointsOf(group)).toEqual(expected);
    }
  });

  it('names the lines of a malformed line and a bad cell together, and of a NUL byte', async () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `{"run":"a","tokens":${1e8 * (i + 1)},"loss":2}`,
    );
    rows[12] = '{"run":"a","tokens":oops}';
    rows[25] = '{"run":"a","tokens":-5,"loss":2}';
    const bad = write('bad.jsonl', rows.join('\r\n') + '\r\n');
    const both = await streamError(bad, 7);
    expect(both.code).toBe('invalid-runs');
    expect(both.issues).toMatchObject([
      { code: 'malformed-jsonl', line: 13, row: 13 },
      { code: 'non-positive', line: 26, row: 26 },
    ]);
    rows[25] = rows[0]!;
    const line = await streamError(write('line.jsonl', rows.join('\n')), 7);
    expect(line.code).toBe('invalid-table');
    expect(line.issues).toMatchObject([{ code: 'malformed-jsonl', line: 13, row: 13 }]);
    rows[12] = rows[0]!;
    rows[25] = '{"run":"a","tokens":-5,"loss":2}';
    const cell = await streamError(write('cell.jsonl', rows.join('\n')), 7);
    expect(cell.code).toBe('invalid-runs');
    expect(cell.issues[0]).toMatchObject({ code: 'non-positive', line: 26, row: 26 });
    expect(cell.message).toContain('line 26 (row 26), column "tokens"');
    const binary = await streamError(write('nul.jsonl', `${rows[0]}\n${rows[1]}\n\u0000\n`));
    expect(binary.issues[0]).toMatchObject({ code: 'binary-input', line: 3 });
  });

  it('reports an empty file and a missing one', async () => {
    expect((await streamError(write('empty.jsonl', '\n\n'))).issues[0]?.code).toBe('empty-table');
    expect((await streamError(join(folder, 'absent.jsonl'))).code).toBe('unreadable-file');
  });
});

describe('scalefit fit --stream', () => {
  it('prints what the whole-file reading prints, and refuses a CSV', async () => {
    const path = join(folder, 'cli.jsonl');
    writeCheckpoints(path, { rows: 600, groups: 3, seed: 5 });
    const args = ['fit', path, '--group', 'run', '--x', 'tokens', '--quiet', '--json'];
    const whole = await runCli(args);
    const streamed = await runCli([...args, '--stream']);
    expect(streamed.stderr).toBe('');
    expect(streamed.code).toBe(0);
    expect(streamed.stdout).toBe(whole.stdout);
    const csv = write('runs.csv', 'C,loss\n1e20,2\n');
    const refused = await runCli(['fit', csv, '--stream']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('only JSON Lines');
  });
});
