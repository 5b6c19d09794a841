import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { passAtK, passAtKOverProblems } from '../../src/analysis/pass-at-k.ts';
import { InputError } from '../../src/errors.ts';
import { uniformSource } from '../../src/uncertainty/random.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectClose } from '../helpers/expect-close.ts';

/** 1 - C(n - c, k) / C(n, k) with exact big-integer binomials, to 17 significant digits. */
function combinatorial(n: number, c: number, k: number): number {
  const choose = (a: number, b: number): bigint => {
    if (b < 0 || b > a) return 0n;
    let result = 1n;
    for (let i = 1; i <= b; i++) result = (result * BigInt(a - b + i)) / BigInt(i);
    return result;
  };
  const numerator = choose(n - c, k);
  const denominator = choose(n, k);
  // Scale before dividing so the ratio keeps 18 digits.
  const scale = 10n ** 18n;
  return 1 - Number((numerator * scale) / denominator) / 1e18;
}

describe('passAtK', () => {
  it('hand-derived cases: n=5, c=2 gives pass@1 = 0.4 and pass@2 = 0.7; n=10, c=0 gives 0', () => {
    // pass@2 = 1 - C(3,2)/C(5,2) = 1 - 3/10 = 0.7 (by hand).
    // pass@1 is c / n, computed as that one division: the double nearest 0.4, exactly.
    expect(passAtK(5, 2, 1)).toBe(0.4);
    expectClose(passAtK(5, 2, 2), 0.7, { abs: 1e-15 });
    expect(passAtK(10, 0, 1)).toBe(0);
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 8, 3)).toBe(1); // n - c = 2 < k
  });

  it('agrees with the combinatorial formula for n up to 10^4', () => {
    const uniform = uniformSource(17);
    for (const n of [1, 7, 64, 1000, 10_000]) {
      for (let trial = 0; trial < 20; trial++) {
        const c = Math.floor(uniform() * (n + 1));
        const k = 1 + Math.floor(uniform() * Math.min(n, 64));
        expectClose(
          passAtK(n, c, k),
          combinatorial(n, c, k),
          { abs: 1e-12 },
          `n=${n} c=${c} k=${k}`,
        );
      }
    }
  });

  it('refuses k > n with a clear message', () => {
    expect(() => passAtK(4, 1, 16)).toThrow(InputError);
    expect(() => passAtK(4, 1, 16)).toThrow(
      /pass@16 needs at least 16 samples per problem; this problem has 4/,
    );
  });

  it('the standard error is the spread over problems / sqrt(problems) (by hand)', () => {
    // Per-problem pass@1 values 0.4 and 0.0: mean 0.2, sd sqrt(0.08), se sqrt(0.08 / 2) = 0.2.
    const result = passAtKOverProblems(
      [
        { problem: 'a', samples: 5, correct: 2 },
        { problem: 'b', samples: 10, correct: 0 },
      ],
      1,
    );
    expectClose(result.estimate, 0.2, { abs: 1e-15 });
    expectClose(result.standardError, 0.2, { abs: 1e-15 });
  });
});

describe('scalefit passk', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scalefit-passk-'));
  const counts = join(folder, 'counts.csv');
  writeFileSync(counts, 'problem,samples,correct\na,5,2\nb,10,0\n');
  const attempts = join(folder, 'attempts.csv');
  const rows = [
    ...[1, 1, 0, 0, 0].map((c) => `a,${c}`),
    ...Array.from({ length: 10 }, () => 'b,0'),
  ];
  writeFileSync(attempts, ['problem,correct', ...rows].join('\n'));

  it('gives the same hand-derived values from counts and from one row per attempt', async () => {
    for (const file of [counts, attempts]) {
      const { code, stdout } = await runCli(['passk', file, '--k', '1,2', '--json']);
      expect(code).toBe(0);
      const [group] = JSON.parse(stdout).groups;
      expect(group.problems).toBe(2);
      expect(group.group).toBeNull();
      // Means of (0.4, 0) and (0.7, 0): 0.2 and 0.35.
      expectClose(group.passAtK['1'].estimate, 0.2, { abs: 1e-15 });
      expectClose(group.passAtK['2'].estimate, 0.35, { abs: 1e-15 });
    }
  });

  it('--csv writes a table that scalefit fit reads as it is', async () => {
    const out = join(folder, 'passk.csv');
    const made = await runCli([
      'passk',
      'data/rl-attempts.csv',
      '--k',
      '1,16',
      '--group',
      'step,split',
      '--csv',
      out,
    ]);
    expect(made.code).toBe(0);
    const { code, stdout } = await runCli([
      'fit',
      out,
      '--x',
      'step',
      '--y',
      'pass_at_1',
      '--sigma',
      'pass_at_1_se',
      '--law',
      'log-linear',
      '--group',
      'split',
      '--json',
    ]);
    expect(code).toBe(0);
    const fits = JSON.parse(stdout).fits;
    expect(fits.map((f: { group: string }) => f.group)).toEqual(['train', 'held-out']);
  });

  it('refuses k larger than a problem has samples, naming the problem', async () => {
    const { code, stderr } = await runCli(['passk', counts, '--k', '8']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/pass@8 needs at least 8 samples per problem, but problem "a" has 5/);
  });

  it('reports bad counts with file, line and column', async () => {
    const bad = join(folder, 'bad.csv');
    writeFileSync(bad, 'problem,samples,correct\na,5,7\nb,x,0\n');
    const { code, stderr } = await runCli(['passk', bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 2 \(row 1\), column "correct".*larger than samples/);
    expect(stderr).toMatch(/line 3 \(row 2\), column "samples".*not a whole number/);
  });
});
