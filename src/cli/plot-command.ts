import type { Command } from 'commander';
import type { TopLevelSpec } from 'vega-lite';

import { compare } from '../analysis/compare.ts';
import { nearestName } from '../data/nearest-name.ts';
import { parseNumber } from '../data/parse-number.ts';
import type { RunPoint } from '../data/read-runs.ts';
import { InputError } from '../errors.ts';
import { fitLaw, type FitResult } from '../fit/fit-law.ts';
import { toParameterVector, type Law } from '../laws/law.ts';
import {
  multiplierChart,
  residualChart,
  sampleCurve,
  scalingChart,
  type SeriesPoint,
} from '../plot/charts.ts';
import { EXIT, type CliIo } from './io.ts';
import {
  defaultLaw,
  didYouMean,
  parseObjective,
  positiveNumber,
  naming,
  readRunsForLaw,
  resolveLaw,
  wholeNumber,
  withColumnOptions,
  withRunOptions,
  type ColumnFlags,
} from './options.ts';
import { chartFormat, writeChart } from './write-file.ts';

/** Options of `scalefit plot`. */
export interface PlotOptions extends ColumnFlags {
  out: string;
  kind: string;
  law?: string;
  objective: string;
  ref?: string;
  new?: string;
  target?: string;
  at?: string;
  bootstrap: string;
  seed: string;
  flopsPerParamToken: string;
  title?: string;
}

const KINDS = ['scaling', 'residuals', 'multiplier'] as const;

/** Register `scalefit plot`: one chart of a run table, format from the output's ending. */
export function addPlotCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  withRunOptions(
    withColumnOptions(
      program
        .command('plot')
        .description('chart a run table and its fits: .vl.json, .svg, .png or .html by --out')
        .argument('<file>', 'run table'),
    ),
    'ls',
  )
    .requiredOption('--out <path>', 'output file; its ending picks the format')
    .option('--kind <kind>', `chart: ${KINDS.join(', ')}`, 'scaling')
    .option('--law <name>', 'law (default: chinchilla for N and D, else power-offset)')
    .option('--group <column>', 'one curve per group (recipes for --kind multiplier)')
    .option('--ref <name>', 'multiplier: the reference group')
    .option('--new <name>', 'multiplier: the new group')
    .option('--target <Y>', 'multiplier: compare at this level')
    .option('--at <X>', 'multiplier: compare at the level the reference reaches at X')
    .option('--title <text>', 'chart title')
    .addHelpText(
      'after',
      '\nExamples:\n  scalefit plot runs.csv --out plots/fit.png\n' +
        '  scalefit plot recipes.csv --kind multiplier --group recipe --ref baseline \\\n' +
        '    --new new --at 2.2e24 --bootstrap 1000 --out plots/multiplier.html',
    )
    .action(async (file: string, options: PlotOptions) => {
      setExit(await runPlot(file, options, io));
    });
}

async function runPlot(file: string, options: PlotOptions, io: CliIo): Promise<number> {
  // 1. Options and runs.
  chartFormat(options.out);
  const kind = options.kind as (typeof KINDS)[number];
  if (!KINDS.includes(kind)) {
    throw new InputError(
      'invalid-option',
      `--kind ${JSON.stringify(options.kind)}` +
        `${didYouMean(nearestName(options.kind, [...KINDS]))}; ` +
        `use one of ${KINDS.join(', ')}`,
    );
  }
  const objective = parseObjective(options.objective);
  const k = positiveNumber('--flops-per-param-token', options.flopsPerParamToken);
  const law = resolveLaw(options.law ?? defaultLaw(file, options));
  const runs = readRunsForLaw(file, law, objective, options, {
    minPoints: law.parameters.length,
    flopsPerParamToken: k,
  });
  const groups = runs.groups.length > 0 ? runs.groups : [null];
  const of = (group: string | null) =>
    runs.points.filter((point) => group === null || point.group === group);
  const resource = (point: RunPoint) => (law.inputs.length === 2 ? point.C! : point.x);
  const xTitle = law.inputs.length === 2 ? 'training compute C (FLOPs)' : (runs.columns.x ?? 'x');
  const yTitle = runs.columns.y;

  // 2. The chart.
  let spec: TopLevelSpec;
  if (kind === 'multiplier') {
    if (options.ref === undefined || options.new === undefined || options.group === undefined) {
      throw new InputError('invalid-option', '--kind multiplier needs --group, --ref and --new');
    }
    const target =
      options.at !== undefined
        ? ({ kind: 'at', x: positiveNumber('--at', options.at) } as const)
        : ({ kind: 'level', value: levelOption(options.target) } as const);
    const comparison = compare(
      { name: options.ref, points: of(options.ref) },
      { name: options.new, points: of(options.new) },
      {
        law,
        objective,
        target,
        resamples: wholeNumber('--bootstrap', options.bootstrap),
        seed: wholeNumber('--seed', options.seed),
      },
    );
    const points = [options.ref, options.new].flatMap((g) => series(of(g), g, resource));
    const curves = comparison.fits.flatMap((fit) => curveOf(law, fit, points, comparison.ref.C!));
    spec = multiplierChart({ comparison, points, curves, xTitle, yTitle });
  } else {
    const fits = groups.map((group) => ({
      group,
      fit: naming(runs.source, group, () => fitLaw(law, of(group), { objective })),
    }));
    const points = groups.flatMap((group) => series(of(group), group ?? 'runs', resource));
    if (kind === 'residuals') {
      const residuals = fits.flatMap(({ group, fit }) =>
        of(group).map((p, i) => ({
          x: resource(p),
          y: fit.residuals[i]!,
          series: group ?? 'runs',
        })),
      );
      spec = residualChart({ title: options.title ?? 'Residuals', xTitle, points: residuals });
    } else {
      const curves = fits.flatMap(({ group, fit }) =>
        curveOf(law, { ...fit, group: group ?? 'fit' }, points),
      );
      spec = scalingChart({
        title: options.title ?? `${law.name} fit`,
        xTitle,
        yTitle,
        points,
        curves,
      });
    }
  }

  // 3. Write.
  await writeChart(spec, options.out, options.title ?? `scalefit ${kind}`);
  io.stdout(`wrote ${options.out}\n`);
  return EXIT.ok;
}

function series(
  points: RunPoint[],
  name: string,
  resource: (p: RunPoint) => number,
): SeriesPoint[] {
  return points.map((p) => ({ x: resource(p), y: p.y, series: name }));
}

/** The fitted curve over the data's range (widened to include `extra`, e.g. a target budget). */
function curveOf(law: Law, fit: FitResult, points: SeriesPoint[], extra?: number): SeriesPoint[] {
  const xs = points.map((p) => p.x);
  const lo = Math.min(...xs) / 2;
  const hi = Math.max(...xs, extra ?? 0) * 2;
  return sampleCurve(
    { law, params: toParameterVector(law, fit.params) },
    lo,
    hi,
    fit.group ?? 'fit',
  );
}

function levelOption(text: string | undefined): number {
  const value = text === undefined ? null : parseNumber(text);
  if (value === null)
    throw new InputError('invalid-option', '--kind multiplier needs --target Y or --at X');
  return value;
}
