import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { laws } from '../../src/laws/index.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { knownTruth } from '../fixtures/known-truth.ts';
import { runCli } from './run-cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'scalefit-cli-'));
function writeTable(name: string, content: string | Buffer): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}
const hash = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function chinchillaCsv(): string {
  const { points } = knownTruth('chinchilla');
  return ['N,D,loss', ...points.map((p) => `${p.N},${p.D},${p.y}`)].join('\n');
}

describe('scalefit fit', () => {
  it('--json on noise-free Chinchilla data gives the truth, C marked derived', async () => {
    const file = writeTable('chinchilla.csv', chinchillaCsv());
    const { code, stdout, stderr } = await runCli([
      'fit',
      file,
      '--law',
      'chinchilla',
      '--objective',
      'log-huber',
      '--json',
      '--predict',
      'N=1.3e10,D=5e12',
      '--predict',
      'C=1e24',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.derived).toEqual({ N: false, D: false, C: true });
    const [entry] = document.fits;
    expect(entry.group).toBeNull();
    expect(entry.status).toBe('converged');
    expect(entry.objective).toMatchObject({ name: 'log-huber', delta: 0.001 });
    const truth = { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 };
    for (const [name, value] of Object.entries(truth)) {
      expectClose(entry.params[name], value, { rel: 1e-6 }, name);
    }
    // Expected prediction: the true law evaluated at the point (known-truth generator).
    const exact = laws.chinchilla!.predict([1.69, 406.4, 410.7, 0.34, 0.28], [1.3e10, 5e12]);
    expectClose(entry.predictions[0].value, exact, { rel: 1e-8 }, 'prediction at N, D');
    expect(entry.predictions[1].computeOptimal).toBe(true);
    expectClose(6 * entry.predictions[1].at.N * entry.predictions[1].at.D, 1e24, { rel: 1e-12 });
  });

  it('the readable report puts the status first and shows value ± standard error', async () => {
    const { points } = knownTruth('power-offset', { seed: 3, noise: 0.01 });
    const file = writeTable(
      'power.csv',
      ['C,loss', ...points.map((p) => `${p.x},${p.y}`)].join('\n'),
    );
    const { code, stdout } = await runCli(['fit', file, '--law', 'power-offset']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/power-offset: converged - /);
    expect(stdout).toMatch(/ {2}alpha = [0-9.]+ ± [0-9.e-]+ \([0-9.]+%\)/);
  });

  it('--holdout K reports the K largest runs with signed errors', async () => {
    const { points } = knownTruth('power-offset');
    const file = writeTable(
      'ladder.csv',
      ['flops,loss', ...points.map((p) => `${p.x},${p.y}`)].join('\n'),
    );
    const { code, stdout } = await runCli(['fit', file, '--holdout', '3', '--json']);
    expect(code).toBe(0);
    const [entry] = JSON.parse(stdout).fits;
    expect(entry.points).toBe(points.length - 3);
    expect(entry.holdout.map((run: { row: number }) => run.row)).toEqual([22, 23, 24]);
    for (const run of entry.holdout) expect(Math.abs(run.relativeError)).toBeLessThan(1e-8);
  });

  it('--group fits each group separately', async () => {
    const a = knownTruth('power-offset').points.map((p) => `a,${p.x},${p.y}`);
    const b = knownTruth('power-offset').points.map((p) => `b,${p.x},${2 * p.y}`);
    const file = writeTable('groups.csv', ['recipe,C,loss', ...a, ...b].join('\n'));
    const { code, stdout } = await runCli(['fit', file, '--group', 'recipe', '--json']);
    expect(code).toBe(0);
    const fits = JSON.parse(stdout).fits;
    expect(fits.map((fit: { group: string }) => fit.group)).toEqual(['a', 'b']);
    // Doubling y doubles E and A and leaves alpha alone (by hand from the law's form).
    expectClose(fits[1].params.E, 2 * fits[0].params.E, { rel: 1e-6 });
    expectClose(fits[1].params.alpha, fits[0].params.alpha, { rel: 1e-6 });
  });

  it('--help lists the options and examples; --version prints the version', async () => {
    const help = await runCli(['fit', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--holdout <K>');
    expect(help.stdout).toContain('Examples:');
    const version = await runCli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('scalefit fit on bad input: exit 2, a message naming the place, input untouched', () => {
  const cases: { name: string; content: string | Buffer; args?: string[]; expect: RegExp[] }[] = [
    {
      name: 'unknown column',
      content: 'C,los\n1e18,3.1\n1e19,2.9\n1e20,2.7\n',
      args: ['--y', 'loss'],
      expect: [/unknown-column/, /"loss"/, /did you mean "los"/],
    },
    {
      name: 'non-numeric cell',
      content: 'C,loss\n1e18,3.1\n1e19,abc\n1e20,2.7\n1e21,2.6\n',
      expect: [/line 3 \(row 2\)/, /column "loss"/, /"abc"/],
    },
    {
      name: 'NaN',
      content: 'C,loss\n1e18,3.1\n1e19,NaN\n1e20,2.7\n1e21,2.6\n',
      expect: [/non-finite/, /line 3 \(row 2\)/, /"NaN"/],
    },
    {
      name: 'infinity',
      content: 'C,loss\n1e18,3.1\n1e19,2.9\nInfinity,2.7\n1e21,2.6\n',
      expect: [/non-finite/, /line 4 \(row 3\)/, /column "C"/],
    },
    {
      name: 'zero where the law takes logs',
      content: 'C,loss\n1e18,3.1\n0,2.9\n1e20,2.7\n1e21,2.6\n',
      expect: [/non-positive/, /line 3 \(row 2\)/, /column "C"/, /"0"/],
    },
    {
      name: 'negative where the law takes logs',
      content: 'C,loss\n1e18,3.1\n1e19,-2.9\n1e20,2.7\n1e21,2.6\n',
      args: ['--objective', 'log-huber'],
      expect: [/non-positive/, /line 3 \(row 2\)/, /column "loss"/, /"-2.9"/],
    },
    {
      name: 'ragged rows',
      content: 'C,loss\n1e18,3.1\n1e19,2.9,7\n1e20,2.7\n1e21,2.6\n',
      expect: [/ragged-row/, /line 3 \(row 2\)/],
    },
    {
      name: 'a ragged row and a bad cell, reported together',
      content: 'C,loss\n1e18,3.1\n1e19,2.9,7\n1e20,x\n1e21,2.6\n',
      expect: [/2 problems/, /ragged-row.*line 3 \(row 2\)/, /non-numeric.*line 4 \(row 3\)/],
    },
    { name: 'empty file', content: '', expect: [/empty-table/] },
    {
      name: 'binary garbage',
      content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe]),
      expect: [/binary-input/],
    },
    {
      name: 'fewer points than the law has parameters',
      content: 'C,loss\n1e18,3.1\n1e19,2.9\n',
      expect: [/too-few-points/, /3/],
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const file = writeTable(`bad-${testCase.name.replace(/\W+/g, '-')}.csv`, testCase.content);
      const before = hash(file);
      const { code, stdout, stderr } = await runCli(['fit', file, ...(testCase.args ?? [])]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(file);
      for (const pattern of testCase.expect) expect(stderr).toMatch(pattern);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(hash(file)).toBe(before);
    });
  }

  it('a mistyped law or flag is refused with a suggestion', async () => {
    const file = writeTable('ok.csv', 'C,loss\n1e18,3.1\n1e19,2.9\n1e20,2.7\n1e21,2.6\n');
    const law = await runCli(['fit', file, '--law', 'chinchila']);
    expect(law.code).toBe(2);
    expect(law.stderr).toMatch(/unknown law "chinchila" \(did you mean "chinchilla"\?\)/);
    const flag = await runCli(['fit', file, '--holdot', '2']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--holdout/);
  });

  it('a missing file is refused with its path', async () => {
    const { code, stderr } = await runCli(['fit', join(folder, 'nope.csv')]);
    expect(code).toBe(2);
    expect(stderr).toContain('nope.csv');
  });
});

describe('scalefit fit --sigma', () => {
  it('weights least squares by the standard deviation column, also with --holdout', async () => {
    const { points } = knownTruth('log-linear', { seed: 9, noise: 0.01, kind: 'absolute' });
    // Equal sigmas of 0.5: same optimum, sum of squares times 4 (by hand).
    const rows = points.map((p) => `${p.x},${p.y},0.5`);
    const file = writeTable('sigma.csv', ['steps,score,se', ...rows].join('\n'));
    const args = ['fit', file, '--law', 'log-linear', '--y', 'score', '--json'];
    const plain = JSON.parse((await runCli(args)).stdout).fits[0];
    const weighted = JSON.parse((await runCli([...args, '--sigma', 'se'])).stdout).fits[0];
    expectClose(weighted.params.b, plain.params.b, { rel: 1e-10 });
    expectClose(weighted.objective.value, 4 * plain.objective.value, { rel: 1e-10 });
    const held = await runCli([...args, '--sigma', 'se', '--holdout', '2']);
    expect(held.code).toBe(0);
  });

  it('refuses a sigma of zero, naming the place', async () => {
    const file = writeTable('sigma0.csv', 'x,y,se\n1,1,0.1\n10,2,0\n100,3,0.1\n');
    const { code, stderr } = await runCli([
      'fit',
      file,
      '--law',
      'log-linear',
      '--y',
      'y',
      '--sigma',
      'se',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 3 \(row 2\), column "se".*standard deviation/);
  });

  it('refuses sigma with the log-Huber objective', async () => {
    const file = writeTable('sigma1.csv', 'x,y,se\n1,1,0.1\n10,2,0.1\n100,3,0.1\n');
    const args = ['fit', file, '--law', 'log-linear', '--y', 'y', '--sigma', 'se'];
    const { code, stderr } = await runCli([...args, '--objective', 'log-huber']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/least squares only/);
  });
});
