import type { Command } from 'commander';

import { detectPhases } from '../analysis/phases.ts';
import { filterRows, parseCondition } from '../data/filter-rows.ts';
import { readRuns } from '../data/read-runs.ts';
import { readTable } from '../data/read-table.ts';
import { InputError } from '../errors.ts';
import { phasesChart } from '../plot/analysis-charts.ts';
import { EXIT, type CliIo } from './io.ts';
import { collect, jsonNumbers } from './options.ts';
import { writeChart } from './write-file.ts';

/** Options of `scalefit phases`. */
export interface PhasesOptions {
  step: string;
  tokens: string;
  accuracy: string;
  tolerance: string;
  where: string[];
  chart?: string;
  json?: boolean;
}

/** Register `scalefit phases`: the phases of a run trained with a thinking-time penalty. */
export function addPhasesCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  program
    .command('phases')
    .description('thinking-token phases: growth, compression while accuracy holds, regrowth')
    .argument('<file>', 'one row per checkpoint: step, mean tokens per answer, accuracy')
    .option('--step <column>', 'RL step column', 'step')
    .option('--tokens <column>', 'mean thinking tokens per answer', 'tokens')
    .option('--accuracy <column>', 'accuracy column', 'accuracy')
    .option('--tolerance <points>', 'largest accuracy change that still "holds"', '0.02')
    .option('--where <condition>', 'keep rows meeting "COL OP VALUE"', collect, [])
    .option('--chart <path>', 'draw tokens and accuracy with the boundaries marked')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText(
      'after',
      '\nExample:\n  scalefit phases data/thinking-tokens.csv --chart plots/phases.png',
    )
    .action(async (file: string, options: PhasesOptions) => {
      setExit(await runPhases(file, options, io));
    });
}

async function runPhases(file: string, options: PhasesOptions, io: CliIo): Promise<number> {
  const tolerance = Number(options.tolerance);
  if (!(tolerance >= 0)) {
    throw new InputError(
      'invalid-option',
      `--tolerance ${JSON.stringify(options.tolerance)}: expected a number >= 0`,
    );
  }
  let table = readTable(file);
  if (options.where.length > 0) table = filterRows(table, options.where.map(parseCondition));
  // Two reads of the same table through the validating reader: tokens (> 0) and accuracy.
  const tokens = readRuns(table, {
    x: options.step,
    y: options.tokens,
    positive: ['y'],
    minPoints: 9,
  });
  const accuracy = readRuns(table, { x: options.step, y: options.accuracy, minPoints: 9 });
  const checkpoints = tokens.points.map((p, i) => ({
    step: p.x,
    tokens: p.y,
    accuracy: accuracy.points[i]!.y,
  }));
  const analysis = detectPhases(checkpoints, tolerance);
  if (options.chart !== undefined) {
    await writeChart(phasesChart(checkpoints, analysis), options.chart, 'Thinking-token phases');
  }
  if (options.json === true) {
    io.stdout(`${JSON.stringify(analysis, jsonNumbers, 2)}\n`);
  } else {
    const signed = (value: number, digits: number) =>
      `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
    const lines = analysis.phases.map(
      (p) =>
        `${p.name.padEnd(11)} steps ${p.from}-${p.to}: tokens ${signed(p.tokensSlope, 0)} ` +
        `per 1,000 steps, accuracy ${signed(p.accuracyChange, 3)}`,
    );
    lines.push(
      `compression from step ${analysis.boundaries[0]} to ${analysis.boundaries[1]}; accuracy ` +
        `${analysis.accuracyHeld ? 'held' : 'did not hold'} (tolerance ${tolerance})`,
    );
    io.stdout(`${lines.join('\n')}\n`);
  }
  return EXIT.ok;
}
