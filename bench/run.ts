/**
 * Benchmarks, printed as one table with the reference side by side.
 *
 * Epoch Chinchilla fit (240 runs, log-Huber, delta 1e-3), as whole processes:
 * - scalefit: `node dist/cli/main.js fit ... --json` (start-up, reading, screening, fitting);
 * - reference: bench/reference/chinchilla_grid.py, Hoffmann's procedure as Epoch replicated
 *   it: scipy L-BFGS-B from all 4,500 grid starts with analytic gradients.
 * Epoch bootstrap, 1,000 resamples of the runs, as whole processes: `scalefit fit ...
 * --bootstrap 1000` against bench/reference/chinchilla_bootstrap.py (scipy BFGS per resample,
 * analytic gradients, warm-started at the full-data optimum).
 * The references are skipped with a message where python3 with numpy and scipy is missing.
 *
 * Run: npm run bench   (needs ../shared/data/epoch-chinchilla; builds dist/ if absent)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { epochRuns, data } from '../test/fixtures/epoch.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');

interface Timed {
  seconds: number;
  objective: number;
  params: Record<string, number>;
}

function main(): void {
  if (!data.present) {
    process.stderr.write(`bench: ${data.path} is missing; nothing to measure\n`);
    process.exitCode = 1;
    return;
  }
  if (!existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });

  // 1. The 240 runs Epoch keeps, as a file for the CLI.
  const folder = mkdtempSync(join(tmpdir(), 'scalefit-bench-'));
  const file = join(folder, 'epoch-240.csv');
  const runs = epochRuns();
  writeFileSync(file, ['N,D,loss', ...runs.map((run) => `${run.N},${run.D},${run.y}`)].join('\n'));

  // 2. scalefit, five runs, median time.
  const ours: Timed[] = [];
  for (let i = 0; i < 5; i++) ours.push(timeScalefit(file));
  ours.sort((a, b) => a.seconds - b.seconds);
  const median = ours[2]!;

  // 3. The scipy reference, once (it takes about half a minute).
  const reference = timeReference();

  // 4. The 1000-resample bootstrap, scalefit (median of 3) against scipy BFGS per resample.
  const boots: number[] = [];
  for (let i = 0; i < 3; i++) boots.push(timeBootstrap(file));
  boots.sort((a, b) => a - b);
  const bootReference = timeBootstrapReference();

  // 4. The table.
  const rows: string[][] = [
    ['task', 'scalefit (s)', 'scipy (s)', 'speed-up', 'objective scalefit', 'objective scipy'],
    [
      'Epoch Chinchilla fit, 240 runs',
      median.seconds.toFixed(3),
      reference === null ? 'skipped' : reference.seconds.toFixed(2),
      reference === null ? '-' : `${(reference.seconds / median.seconds).toFixed(1)}x`,
      median.objective.toPrecision(14),
      reference === null ? '-' : reference.objective.toPrecision(14),
    ],
    [
      'Epoch bootstrap, 1000 resamples',
      boots[1]!.toFixed(3),
      bootReference === null ? 'skipped' : bootReference.toFixed(2),
      bootReference === null ? '-' : `${(bootReference / boots[1]!).toFixed(1)}x`,
      '-',
      '-',
    ],
  ];
  printTable(rows);
  if (reference === null) {
    process.stdout.write('\nscipy reference skipped: python3 with numpy and scipy was not found\n');
    return;
  }
  const lower = median.objective <= reference.objective;
  process.stdout.write(
    `\nscalefit median of 5 whole-process runs; scipy one run of ${reference.starts} starts` +
      ` (scipy ${reference.scipy}).\nLowest objective over all ${reference.starts} scipy starts: ` +
      `${reference.objective.toPrecision(14)}; scalefit's is ${lower ? 'equal or lower' : 'HIGHER'}` +
      ` (difference ${(median.objective - reference.objective).toExponential(2)}).\n` +
      `scalefit params: ${JSON.stringify(median.params)}\nscipy params:    ${JSON.stringify(reference.params)}\n`,
  );
}

function timeScalefit(file: string): Timed {
  const args = [cli, 'fit', file, '--law', 'chinchilla', '--objective', 'log-huber', '--json'];
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`scalefit failed: ${result.stderr}`);
  const [fit] = JSON.parse(result.stdout).fits;
  return { seconds, objective: fit.objective.value, params: fit.params };
}

function timeBootstrap(file: string): number {
  const args = [cli, 'fit', file, '--law', 'chinchilla', '--objective', 'log-huber'];
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [...args, '--bootstrap', '1000', '--seed', '1', '--quiet', '--json'],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`scalefit bootstrap failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Whole-process time of the scipy bootstrap reference (includes its full-data fit). */
function timeBootstrapReference(): number | null {
  const check = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (check.status !== 0) return null;
  const script = join(root, 'bench/reference/chinchilla_bootstrap.py');
  const started = process.hrtime.bigint();
  const result = spawnSync('python3', [script, data.path, '1000', '1'], {
    encoding: 'utf8',
    cwd: join(root, 'bench/reference'),
  });
  if (result.status !== 0) throw new Error(`bootstrap reference failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function timeReference(): (Timed & { starts: number; scipy: string }) | null {
  const check = spawnSync('python3', ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (check.status !== 0) return null;
  const script = join(root, 'bench/reference/chinchilla_grid.py');
  const started = process.hrtime.bigint();
  const result = spawnSync('python3', [script, data.path], { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`reference failed: ${result.stderr}`);
  const output = JSON.parse(result.stdout);
  return {
    seconds,
    objective: output.objective,
    params: output.params,
    starts: output.starts,
    scipy: output.scipy,
  };
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`${line(rows[0]!)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of rows.slice(1)) process.stdout.write(`${line(row)}\n`);
}

main();
