import type { Command } from 'commander';

import { analyseRl, type RlAnalysis } from '../analysis/rl-curves.ts';
import { filterRows, parseCondition } from '../data/filter-rows.ts';
import { readProblemCounts } from '../data/read-attempts.ts';
import { readTable } from '../data/read-table.ts';
import { InputError } from '../errors.ts';
import { rlChart } from '../plot/analysis-charts.ts';
import { significant } from './format-fit.ts';
import { EXIT, type CliIo } from './io.ts';
import { collect, jsonNumbers } from './options.ts';
import { writeChart } from './write-file.ts';

/** Options of `scalefit rl`. */
export interface RlOptions {
  k: string;
  step: string;
  split: string;
  problem?: string;
  samples?: string;
  correct?: string;
  where: string[];
  chart?: string;
  json?: boolean;
}

/** Register `scalefit rl`: the whole RL-scaling analysis of per-problem attempts. */
export function addRlCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  program
    .command('rl')
    .description(
      'RL scaling: pass@k against steps on train and held-out problems, fitted and checked',
    )
    .argument('<file>', 'attempts: counts (problem, samples, correct) or one row per attempt')
    .option('--k <list>', 'values of k, comma-separated', '1,16')
    .option('--step <column>', 'RL step column', 'step')
    .option('--split <column>', 'split column (train, held-out)', 'split')
    .option('--problem <column>', 'problem column (default: problem)')
    .option('--samples <column>', 'samples column for counts (default: samples or n)')
    .option('--correct <column>', 'correct count, or 0/1 per attempt (default: correct)')
    .option('--where <condition>', 'keep rows meeting "COL OP VALUE"', collect, [])
    .option('--chart <path>', 'also draw pass@k against steps (.vl.json, .svg, .png or .html)')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  scalefit rl data/rl-attempts.csv --k 1,16 --chart plots/rl.png',
    )
    .action(async (file: string, options: RlOptions) => {
      setExit(await runRl(file, options, io));
    });
}

/** Parse "1,16" into whole numbers >= 1. */
export function parseKs(text: string): number[] {
  return text.split(',').map((part) => {
    const k = Number(part.trim());
    if (!Number.isInteger(k) || k < 1) {
      throw new InputError(
        'invalid-option',
        `--k ${JSON.stringify(text)}: expected whole numbers >= 1, e.g. 1,16`,
      );
    }
    return k;
  });
}

async function runRl(file: string, options: RlOptions, io: CliIo): Promise<number> {
  const ks = parseKs(options.k);
  let table = readTable(file);
  if (options.where.length > 0) table = filterRows(table, options.where.map(parseCondition));
  const groups = readProblemCounts(table, {
    problem: options.problem,
    samples: options.samples,
    correct: options.correct,
    group: [options.step, options.split],
  });
  for (const group of groups) {
    const step = Number(group.group![options.step]);
    if (!Number.isFinite(step) || step < 0) {
      throw new InputError(
        'invalid-attempts',
        `${table.source}: column ${JSON.stringify(options.step)} holds ` +
          `${JSON.stringify(group.group![options.step])}; expected RL steps as numbers >= 0`,
      );
    }
    const short = group.problems.find((p) => p.samples < Math.max(...ks));
    if (short !== undefined) {
      throw new InputError(
        'invalid-pass-at-k',
        `${table.source}: pass@${Math.max(...ks)} needs that many samples per problem; problem ` +
          `${JSON.stringify(short.problem)} has ${short.samples}; ask for a smaller k`,
      );
    }
  }
  const analysis = analyseRl(groups, { step: options.step, split: options.split }, ks);
  if (options.chart !== undefined) await writeChart(rlChart(analysis), options.chart, 'RL scaling');
  if (options.json === true) {
    io.stdout(`${JSON.stringify(analysis, jsonNumbers, 2)}\n`);
  } else {
    io.stdout(`${formatRl(analysis)}\n`);
  }
  return EXIT.ok;
}

function formatRl(analysis: RlAnalysis): string {
  const lines: string[] = [];
  for (const curve of analysis.curves) {
    lines.push(
      `pass@${curve.k}, ${curve.split}: ` +
        (curve.preferred === null ? 'no law converged' : `AIC prefers ${curve.preferred}`),
    );
    for (const f of curve.fits) {
      const params = Object.entries(f.fit.params)
        .map(([name, value]) => `${name}=${significant(value, 4)}`)
        .join(', ');
      const check =
        f.extrapolation === null
          ? 'no extrapolation check (too few early steps)'
          : `fitted to step ${f.extrapolation.fittedUpTo}, later steps off by ` +
            `${significant(f.extrapolation.meanAbsoluteError, 3)} on average`;
      lines.push(
        `  ${f.law.padEnd(10)} ${f.fit.status}; ${params}; AIC ${significant(f.fit.aic, 5)}, ` +
          `BIC ${significant(f.fit.bic, 5)}; ${check}`,
      );
      for (const warning of f.fit.warnings) lines.push(`    warning: ${warning}`);
    }
  }
  if (analysis.gap.length > 0) {
    const splits = [...new Set(analysis.gap.map((g) => g.split))];
    for (const split of splits) {
      const rows = analysis.gap.filter((g) => g.split === split).sort((a, b) => a.step - b.step);
      const first = rows[0]!;
      const last = rows.at(-1)!;
      const trend = last.gap >= first.gap - 0.01 ? 'kept' : 'narrowing (diversity lost)';
      lines.push(
        `gap pass@${Math.max(...analysis.points.map((p) => p.k))} - pass@1, ${split}: ` +
          `${first.gap.toFixed(3)} at step ${first.step} to ${last.gap.toFixed(3)} ` +
          `at step ${last.step}: ${trend}`,
      );
    }
  }
  return lines.join('\n');
}
