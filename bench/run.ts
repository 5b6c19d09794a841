/**
 * Benchmarks, printed as one table: what was run, scalefit's whole-process seconds, the
 * reference's seconds (or "—" with the reason), the ratio reference / scalefit (above 1:
 * scalefit is faster), and scalefit's peak memory (RSS of the process, worker threads
 * included, read through bench/report-rss.mjs).
 *
 * - fit: Epoch's 240 Chinchilla runs, log-Huber, delta 1e-3, against
 *   bench/reference/chinchilla_grid.py (scipy L-BFGS-B from Hoffmann's 4,500 grid starts).
 * - bootstrap: 1,000 resamples of those runs against bench/reference/chinchilla_bootstrap.py
 *   (scipy BFGS per resample, warm-started at the full-data optimum).
 * - compare: the bundled two-recipe data (data/pretraining-recipes.csv), joint Chinchilla fit
 *   with E, alpha, beta shared, multiplier at 2.2e24 FLOPs with a 1,000-resample bootstrap.
 * - passk: 1,000,000 attempts (10 steps x 100 problems x 1,000 attempts, seeded), pass@1 and
 *   pass@16, against bench/reference/pass_at_k.py (plain Python).
 * - render: one scaling chart of data/example-runs.csv as SVG and as PNG (two processes).
 * - startup: `scalefit --version`.
 * - big table: bench/big-table.ts, 1,000,000 checkpoints in 200 runs, streamed and fitted.
 * scalefit timings are medians of 3 runs where a run takes under 10 s, else one run.
 * References are skipped with a reason where python3 with numpy and scipy is missing; rows
 * that need ../shared/data/epoch-chinchilla are skipped where it is missing.
 *
 * Run: npm run bench   (builds dist/ first; takes a few minutes)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { uniformSource } from '../src/uncertainty/random.ts';
import { data, epochRuns } from '../test/fixtures/epoch.ts';
import { bigTable, measureCli, type Measured } from './big-table.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** One row of the table. */
interface Row {
  what: string;
  ours: Measured | null;
  reference: number | null;
  /** Why there is no reference time (or why the row was not run). */
  why?: string;
}

function main(): void {
  // Always build: a dist/ older than the sources would time code that is no longer there.
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const folder = mkdtempSync(join(tmpdir(), 'scalefit-bench-'));
  const python = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  const hasScipy = python.status === 0;
  const noScipy = 'python3 with numpy and scipy not found';
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    // 1. Epoch fit and bootstrap.
    if (data.present) {
      const file = join(folder, 'epoch-240.csv');
      const runs = epochRuns();
      writeFileSync(file, ['N,D,loss', ...runs.map((r) => `${r.N},${r.D},${r.y}`)].join('\n'));
      const fitArgs = ['fit', file, '--law', 'chinchilla', '--objective', 'log-huber', '--json'];
      const fit = median(() => measureCli(fitArgs));
      const grid = hasScipy ? timePython(['chinchilla_grid.py', data.path]) : null;
      rows.push({
        what: 'fit: Epoch 240 runs vs scipy 4,500-start grid',
        ours: fit,
        reference: grid?.seconds ?? null,
        why: noScipy,
      });
      if (grid !== null) {
        const ours = JSON.parse(fit.stdout).fits[0].objective.value as number;
        const theirs = JSON.parse(grid.stdout).objective as number;
        notes.push(
          `fit objective: scalefit ${ours.toPrecision(14)}, scipy best of 4,500 starts ` +
            `${theirs.toPrecision(14)} (scalefit ${ours <= theirs ? 'equal or lower' : 'HIGHER'})`,
        );
      }
      const boot = median(() =>
        measureCli([...fitArgs, '--bootstrap', '1000', '--seed', '1', '--quiet']),
      );
      const bootReference = hasScipy
        ? timePython(['chinchilla_bootstrap.py', data.path, '1000', '1']).seconds
        : null;
      rows.push({
        what: 'bootstrap: 1,000 resamples of Epoch runs',
        ours: boot,
        reference: bootReference,
        why: noScipy,
      });
    } else {
      const why = `${data.path} missing`;
      rows.push({ what: 'fit: Epoch 240 runs', ours: null, reference: null, why });
      rows.push({
        what: 'bootstrap: 1,000 resamples of Epoch runs',
        ours: null,
        reference: null,
        why,
      });
    }

    // 2. Compare on the bundled two-recipe data.
    const recipes = join(root, 'data/pretraining-recipes.csv');
    const compareArgs = [
      'compare',
      recipes,
      ...'--group recipe --ref baseline --new new --law chinchilla --objective log-huber'.split(
        ' ',
      ),
      ...'--shared E,alpha,beta --at 2.2e24 --bootstrap 1000 --seed 1 --quiet'.split(' '),
    ];
    rows.push({
      what: 'compare: two recipes, joint fit, bootstrap 1,000',
      ours: median(() => measureCli(compareArgs)),
      reference: null,
      why: 'no reference implementation',
    });

    // 3. pass@k over a million attempts.
    const attempts = join(folder, 'attempts.csv');
    writeAttempts(attempts);
    const passk = median(() =>
      measureCli(['passk', attempts, '--k', '1,16', '--group', 'step', '--json']),
    );
    const passkReference =
      spawnSync('python3', ['--version']).status === 0
        ? timePython(['pass_at_k.py', attempts, '1,16']).seconds
        : null;
    rows.push({
      what: 'passk: 1,000,000 attempts, k = 1, 16',
      ours: passk,
      reference: passkReference,
      why: 'python3 not found',
    });

    // 4. Render one chart to SVG and PNG.
    const example = join(root, 'data/example-runs.csv');
    const render = median(() => {
      const svg = measureCli(['plot', example, '--out', join(folder, 'chart.svg')]);
      const png = measureCli(['plot', example, '--out', join(folder, 'chart.png')]);
      return {
        seconds: svg.seconds + png.seconds,
        peakMiB: Math.max(svg.peakMiB, png.peakMiB),
        stdout: '',
      };
    });
    rows.push({
      what: 'render: one chart as SVG + PNG (2 processes)',
      ours: render,
      reference: null,
      why: 'no reference implementation',
    });

    // 5. Start-up.
    rows.push({
      what: 'startup: scalefit --version',
      ours: median(() => measureCli(['--version'])),
      reference: null,
      why: 'no reference implementation',
    });

    // 6. The big table.
    const big = bigTable();
    rows.push({
      what: `big table: ${big.rows.toLocaleString('en')} rows, ${big.groups} groups, streamed`,
      ours: big,
      reference: null,
      why: 'no reference implementation',
    });
    notes.push(
      `big table: ${big.rows} rows (${big.fileMiB.toFixed(0)} MiB of JSON Lines, generated in ` +
        `${big.writeSeconds.toFixed(1)} s, not timed), ${big.groups} groups, ` +
        `${big.seconds.toFixed(1)} s, peak RSS ${big.peakMiB.toFixed(0)} MiB, ` +
        `${big.converged} of ${big.groups} fits converged (--starts 1)`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  printTable(rows);
  if (!hasScipy) process.stdout.write(`\nscipy references skipped: ${noScipy}\n`);
  for (const note of notes) process.stdout.write(`\n${note}`);
  process.stdout.write('\n');
}

/** The median run of three, or the single run when one takes over 10 s. */
function median(measure: () => Measured): Measured {
  const first = measure();
  if (first.seconds > 10) return first;
  const all = [first, measure(), measure()].sort((a, b) => a.seconds - b.seconds);
  return all[1]!;
}

/** Whole-process time and output of a reference script in bench/reference. */
function timePython(args: string[]): { seconds: number; stdout: string } {
  const [script, ...rest] = args;
  const started = process.hrtime.bigint();
  const result = spawnSync('python3', [join(root, 'bench/reference', script!), ...rest], {
    encoding: 'utf8',
    cwd: join(root, 'bench/reference'),
    maxBuffer: 1 << 28,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

/** 10 steps x 100 problems x 1,000 attempts, one row each; success rate rising with step. */
function writeAttempts(path: string): void {
  const uniform = uniformSource(3);
  const file = openSync(path, 'w');
  try {
    writeSync(file, 'step,problem,correct\n');
    for (let step = 1; step <= 10; step++) {
      const lines: string[] = [];
      for (let problem = 0; problem < 100; problem++) {
        const rate = Math.min(0.95, (0.02 + 0.5 * uniform()) * (0.5 + step / 20));
        for (let attempt = 0; attempt < 1000; attempt++) {
          lines.push(`${step * 100},p${problem},${uniform() < rate ? 1 : 0}`);
        }
      }
      writeSync(file, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(file);
  }
}

function printTable(rows: Row[]): void {
  const header = [
    'what',
    'scalefit (s)',
    'reference (s)',
    'ratio ref/scalefit',
    'peak memory (MiB)',
  ];
  const cells = rows.map((row) => [
    row.what,
    row.ours === null ? `— (${row.why})` : row.ours.seconds.toFixed(2),
    row.reference === null
      ? row.ours === null
        ? '—'
        : `— (${row.why})`
      : row.reference.toFixed(2),
    row.reference === null || row.ours === null
      ? '—'
      : `${(row.reference / row.ours.seconds).toFixed(1)}x`,
    row.ours === null ? '—' : row.ours.peakMiB.toFixed(0),
  ]);
  const all = [header, ...cells];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

main();
