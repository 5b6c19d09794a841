/**
 * The big-table benchmark: a seeded JSON Lines file of 1,000,000 checkpoints in 200 runs
 * (test/fixtures/checkpoints.ts), written to a temporary folder and removed afterwards, read
 * as a stream and fitted run by run by the built CLI:
 *
 *   scalefit fit big.jsonl --group run --x tokens --law power-offset --stream --starts 1
 *
 * Reports rows, groups, whole-process seconds and the process's peak RSS, and checks that
 * every run converged. Run alone: npx tsx bench/big-table.ts [rows] [groups]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { writeCheckpoints } from '../test/fixtures/checkpoints.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
export const cli = join(root, 'dist/cli/main.js');

/** Seconds, peak memory (MiB) and output of one whole CLI process. */
export interface Measured {
  seconds: number;
  peakMiB: number;
  stdout: string;
}

/**
 * Run the built CLI once with `args`, timing the whole process and reading its peak RSS
 * through the preloaded bench/report-rss.mjs. Throws with stderr when it exits non-zero.
 */
export function measureCli(args: string[]): Measured {
  const folder = mkdtempSync(join(tmpdir(), 'scalefit-rss-'));
  const rssFile = join(folder, 'rss');
  const preload = join(root, 'bench/report-rss.mjs');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      env: {
        ...process.env,
        NODE_OPTIONS: `--import ${preload}`,
        SCALEFIT_BENCH_RSS: rssFile,
      },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) {
      throw new Error(`scalefit ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    }
    const peakMiB = Number(readFileSync(rssFile, 'utf8')) / 1024;
    return { seconds, peakMiB, stdout: result.stdout };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Figures of the big-table run. */
export interface BigTable extends Measured {
  rows: number;
  groups: number;
  fileMiB: number;
  writeSeconds: number;
  converged: number;
}

/** Generate, read and fit the big table; the file is deleted afterwards. */
export function bigTable(rows = 1_000_000, groups = 200): BigTable {
  const folder = mkdtempSync(join(tmpdir(), 'scalefit-big-'));
  try {
    const file = join(folder, 'checkpoints.jsonl');
    const started = process.hrtime.bigint();
    writeCheckpoints(file, { rows, groups, seed: 1 });
    const writeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const fileMiB = statSync(file).size / 2 ** 20;
    const args = ['fit', file, '--group', 'run', '--x', 'tokens', '--law', 'power-offset'];
    const measured = measureCli([...args, '--stream', '--starts', '1', '--quiet']);
    const statuses = [...measured.stdout.matchAll(/^power-offset, group "[^"]+": (\S+)/gm)];
    const converged = statuses.filter((match) => match[1] === 'converged').length;
    return { ...measured, rows, groups, fileMiB, writeSeconds, converged };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = bigTable(Number(process.argv[2] ?? 1_000_000), Number(process.argv[3] ?? 200));
  process.stdout.write(
    `${result.rows} rows (${result.fileMiB.toFixed(0)} MiB JSON Lines, written in ` +
      `${result.writeSeconds.toFixed(1)} s), ${result.groups} groups: read and fitted in ` +
      `${result.seconds.toFixed(1)} s, peak RSS ${result.peakMiB.toFixed(0)} MiB, ` +
      `${result.converged} of ${result.groups} fits converged\n`,
  );
}
