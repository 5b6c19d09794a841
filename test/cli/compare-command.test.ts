import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { computeOptimal } from '../../src/laws/index.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { knownTruth } from '../fixtures/known-truth.ts';
import { efficientRecipe, recipePoints, REFERENCE } from '../fixtures/two-recipes.ts';
import { runCli } from './run-cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'scalefit-compare-'));
const rows = [
  ...recipePoints(REFERENCE).map((p) => `baseline,${p.x},${p.y}`),
  ...recipePoints(efficientRecipe(10)).map((p) => `new,${p.x},${p.y}`),
  ...recipePoints(efficientRecipe(4)).map((p) => `middle,${p.x},${p.y}`),
];
const file = join(folder, 'recipes.csv');
writeFileSync(file, ['recipe,C,loss', ...rows].join('\n'));
const base = ['compare', file, '--group', 'recipe', '--new', 'new'];

describe('scalefit compare', () => {
  it('--json prints the multiplier document of the contract', async () => {
    const { code, stdout } = await runCli([
      ...base,
      '--ref',
      'baseline',
      '--at',
      '2.2e24',
      '--json',
    ]);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expectClose(document.multiplier, 10, { rel: 1e-6 }, 'M');
    expect(document).toMatchObject({
      interval: null,
      level: 0.95,
      reachable: true,
      ref: { group: 'baseline' },
      new: { group: 'new' },
    });
    expectClose(document.ref.C, 2.2e24, { rel: 1e-12 });
    expect(document.fits).toHaveLength(2);
  });

  it('the report opens with one quotable sentence', async () => {
    const { stdout } = await runCli([...base, '--ref', 'baseline', '--target', '2.5']);
    expect(stdout.split('\n')[0]).toBe(
      'New reaches the level 2.5 with 10x less compute than baseline.',
    );
  });

  it('--ref a,b gives one comparison per reference', async () => {
    const { stdout } = await runCli([
      ...base,
      '--ref',
      'baseline,middle',
      '--target',
      '2.5',
      '--json',
    ]);
    const { comparisons } = JSON.parse(stdout);
    expect(comparisons.map((c: { ref: { group: string } }) => c.ref.group)).toEqual([
      'baseline',
      'middle',
    ]);
    expectClose(comparisons[0].multiplier, 10, { rel: 1e-6 });
    expectClose(comparisons[1].multiplier, 10 / 4, { rel: 1e-6 });
  });

  it('--ref-point fits only the new recipe', async () => {
    const y = REFERENCE.E + REFERENCE.A * 2.2e24 ** -REFERENCE.alpha;
    const { code, stdout } = await runCli([...base, '--ref-point', `C=2.2e24,loss=${y}`, '--json']);
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expectClose(document.multiplier, 10, { rel: 1e-6 });
    expect(document.fits).toHaveLength(1);
  });

  it('--bootstrap adds an interval; the same seed gives the same interval', async () => {
    const args = [
      ...base,
      '--ref',
      'baseline',
      '--target',
      '2.5',
      '--bootstrap',
      '50',
      '--seed',
      '3',
    ];
    const first = JSON.parse((await runCli([...args, '--json'])).stdout);
    const second = JSON.parse((await runCli([...args, '--json'])).stdout);
    expect(first.interval).toEqual(second.interval);
    expect(first.bootstrap).toMatchObject({ resamples: 50, seed: 3 });
  });

  it('an unreachable target is refused with exit 2 and no number', async () => {
    const { code, stdout, stderr } = await runCli([
      ...base,
      '--ref',
      'baseline',
      '--target',
      '1.5',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/unreachable-target/);
  });

  it('a mistyped recipe gets a suggestion; two target modes are refused', async () => {
    const typo = await runCli([...base, '--ref', 'baselne', '--target', '2.5']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no runs in group "baselne".*did you mean "baseline"/);
    const both = await runCli([...base, '--ref', 'baseline', '--target', '2.5', '--at', '1e24']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exactly one of --target/);
  });

  it('--where keeps only the matching rows', async () => {
    const { stdout } = await runCli([
      ...base,
      '--ref',
      'baseline',
      '--target',
      '2.5',
      '--where',
      'C<1e22',
      '--json',
    ]);
    // Budgets 1e18 * 10^(5i/19): below 1e22 for i <= 15, so 16 runs (by hand).
    expect(JSON.parse(stdout).fits[0].points).toBe(16);
  });
});

const knownTruthChinchilla = () => knownTruth('chinchilla');

describe('scalefit optimal', () => {
  it('gives N_opt and D_opt that spend the budget, inside bootstrap intervals', async () => {
    const { points } = knownTruthChinchilla();
    const table = join(folder, 'ladder.csv');
    writeFileSync(table, ['N,D,loss', ...points.map((p) => `${p.N},${p.D},${p.y}`)].join('\n'));
    const args = ['optimal', table, '--budget', '1e24', '--bootstrap', '200', '--seed', '2'];
    const { code, stdout } = await runCli([...args, '--json']);
    expect(code).toBe(0);
    const [allocation] = JSON.parse(stdout).allocations;
    expectClose(6 * allocation.N * allocation.D, 1e24, { rel: 1e-10 }, '6ND');
    // Noise-free data: the fit is the truth, so the allocation is the true one (by formula).
    const truth = computeOptimal([1.69, 406.4, 410.7, 0.34, 0.28], 1e24);
    expectClose(allocation.N, truth.N, { rel: 1e-5 }, 'N_opt');
    expect(allocation.intervals.N[0]).toBeLessThanOrEqual(allocation.N * (1 + 1e-9));
    expect(allocation.intervals.N[1]).toBeGreaterThanOrEqual(allocation.N * (1 - 1e-9));
  });
});
