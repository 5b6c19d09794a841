import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import Table from 'cli-table3';
import type { Command } from 'commander';
import type { TopLevelSpec } from 'vega-lite';

import { compare, type Comparison } from '../analysis/compare.ts';
import { compareParallel } from '../analysis/compare-parallel.ts';
import { optimalAllocation } from '../analysis/optimal-allocation.ts';
import { analyseRl } from '../analysis/rl-curves.ts';
import { detectPhases } from '../analysis/phases.ts';
import { readProblemCounts } from '../data/read-attempts.ts';
import { readRuns, type RunPoint } from '../data/read-runs.ts';
import { readTable } from '../data/read-table.ts';
import { logLinear } from '../laws/log-linear.ts';
import { fitLaw, type FitResult } from '../fit/fit-law.ts';
import { chinchilla } from '../laws/chinchilla.ts';
import { toParameterVector } from '../laws/law.ts';
import {
  allocationChart,
  bootstrapChart,
  latencyChart,
  multiplierChart,
  residualChart,
  sampleCurve,
  scalingChart,
  type SeriesPoint,
} from '../plot/charts.ts';
import { escapeHtml } from '../plot/escape-html.ts';
import { significant } from './format-fit.ts';
import { EXIT, type CliIo } from './io.ts';
import { wholeNumber } from './options.ts';
import { phasesChart, rlChart } from '../plot/analysis-charts.ts';
import { progressBar } from './progress.ts';
import { writeAtomically } from './write-file.ts';

/** Options of `scalefit demo`. */
export interface DemoOptions {
  out: string;
  bootstrap: string;
  seed: string;
  quiet?: boolean;
}

/** The bundled example data: synthetic, from data/generate.ts, with the truth beside it. */
const DATA = fileURLToPath(new URL('../../data/', import.meta.url));

/** Register `scalefit demo`: the whole analysis on the bundled data, charts and a report. */
export function addDemoCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  program
    .command('demo')
    .description(
      'run the whole analysis on the bundled synthetic data; charts and report in plots/',
    )
    .option('--out <folder>', 'where to write charts and the report', 'plots')
    .option('--bootstrap <N>', 'bootstrap resamples for the intervals', '1000')
    .option('--seed <S>', 'bootstrap seed', '1')
    .option('--quiet', 'no progress bars')
    .addHelpText('after', '\nExample:\n  scalefit demo --out plots')
    .action(async (options: DemoOptions) => {
      setExit(await runDemo(options, io));
    });
}

async function runDemo(options: DemoOptions, io: CliIo): Promise<number> {
  const resamples = wholeNumber('--bootstrap', options.bootstrap);
  const seed = wholeNumber('--seed', options.seed);
  const truth = JSON.parse(readFileSync(join(DATA, 'pretraining-recipes.truth.json'), 'utf8'));
  const reference = JSON.parse(readFileSync(join(DATA, 'reference-model.json'), 'utf8'));

  // 1. Runs of the two recipes, fitted separately with the log-Huber objective.
  const runs = readRuns(join(DATA, 'pretraining-recipes.csv'), {
    group: 'recipe',
    needs: ['N', 'D'],
    positive: ['N', 'D', 'y'],
    minPoints: 5,
  });
  const recipe = (name: string) => ({
    name,
    points: runs.points.filter((point) => point.group === name),
  });
  const baseline = recipe('baseline');
  const candidate = recipe('new');
  const fits = [baseline, candidate].map((r) => ({
    ...fitLaw(chinchilla, r.points, { objective: 'log-huber' }),
    group: r.name,
  }));

  // 2. The multiplier at the reference model's budget: jointly (exponents and floor shared),
  //    and separately (nothing shared) as the cautious reading.
  const target = { kind: 'at', x: reference.C } as const;
  const run = async (label: string, shared?: string[]) => {
    const progress = progressBar(label, options.quiet !== true);
    try {
      return await compareParallel(baseline, candidate, {
        law: chinchilla,
        objective: 'log-huber',
        target,
        shared,
        resamples,
        seed,
        onProgress: progress.onProgress,
      });
    } finally {
      progress.stop();
    }
  };
  const joint = await run('multiplier (joint fit)', ['E', 'alpha', 'beta']);
  const separate = await run('multiplier (separate fits)');

  // 3. Compute-optimal allocation for the new recipe, with bootstrap intervals.
  const progress = progressBar('allocation', options.quiet !== true);
  const budgets = [1e21, 1e22, 1e23, 1e24, reference.C as number];
  let allocations;
  try {
    allocations = optimalAllocation(chinchilla, candidate.points, fits[1]!, budgets, {
      fitOptions: { objective: 'log-huber' },
      resamples,
      seed,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }

  // 4. RL and test-time scaling on their bundled data.
  const scaling = rlAndTestTime(seed, resamples);

  // 5. Charts (the renderers load vega and resvg, so they are imported only here).
  const { renderHtml, renderPng, renderSvg } = await import('../plot/render.ts');
  const charts = [
    ...buildCharts(fits, joint, [baseline, candidate], reference, allocations),
    ...scaling.charts,
  ];
  for (const chart of charts) {
    const base = join(options.out, chart.id);
    writeAtomically(`${base}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
    const svg = await renderSvg(chart.spec);
    writeAtomically(`${base}.svg`, svg);
    writeAtomically(`${base}.png`, renderPng(svg));
  }
  const report = join(options.out, 'report.html');
  writeAtomically(
    report,
    renderHtml(
      'scalefit demo: two pretraining recipes',
      charts,
      reportSections(fits, joint, separate, truth, reference.C, scaling.lines),
    ),
  );

  // 6. Summary on stdout, ending with the sentence to quote.
  const table = new Table({
    head: ['recipe', 'status', 'E', 'A', 'B', 'alpha', 'beta', 'runs'],
    style: { head: [], border: [] },
  });
  for (const fit of fits) {
    const p = fit.params;
    table.push([
      fit.group ?? '',
      fit.status,
      ...['E', 'A', 'B', 'alpha', 'beta'].map((k) => significant(p[k]!, 4)),
      String(fit.points),
    ]);
  }
  const lines = [
    'scalefit demo: synthetic data from data/generate.ts (true multiplier 10, truth in data/)',
    '',
    'Chinchilla fits (log-Huber, delta 1e-3):',
    table.toString(),
    '',
    `Separate fits, nothing shared: ${separate.multiplier!.toPrecision(3)}x ` +
      `(${Math.round(separate.level * 100)}% interval ${separate.interval![0].toPrecision(3)}–` +
      `${separate.interval![1].toPrecision(3)}): extrapolating each recipe alone is far ` +
      'less certain.',
    ...scaling.lines,
    `Charts and report: ${charts.map((c) => c.id).join(', ')} (.vl.json, .svg, .png) and ${report}`,
    '',
    headline(joint, reference.C),
  ];
  io.stdout(`${lines.join('\n')}\n`);
  const converged = fits.every((fit) => fit.status === 'converged' || fit.status === 'at-bound');
  return converged ? EXIT.ok : EXIT.noFit;
}

/**
 * The RL and test-time parts of the demo: pass@k curves with their fitted slopes, the phases
 * of the thinking-token run, and the latency multiplier of agents in parallel.
 */
function rlAndTestTime(
  seed: number,
  resamples: number,
): { lines: string[]; charts: { id: string; title: string; spec: TopLevelSpec }[] } {
  const attempts = readProblemCounts(readTable(join(DATA, 'rl-attempts.csv')), {
    group: ['step', 'split'],
  });
  const rl = analyseRl(attempts, { step: 'step', split: 'split' }, [1, 16]);
  const slope = (split: string) => {
    const curve = rl.curves.find((c) => c.split === split && c.k === 1)!;
    const fit = curve.fits.find((f) => f.law === 'log-linear')!.fit;
    return `${fit.params.b!.toFixed(3)} ± ${fit.standardErrors!.b!.toFixed(3)}`;
  };
  const tokensTable = readTable(join(DATA, 'thinking-tokens.csv'));
  const checkpoints = tokensTable.rows.map((row) => ({
    step: Number(row.cells.step),
    tokens: Number(row.cells.tokens),
    accuracy: Number(row.cells.accuracy),
  }));
  const phases = detectPhases(checkpoints);
  const budget = readRuns(join(DATA, 'thinking-budget.csv'), {
    x: 'tokens',
    y: 'accuracy',
    positive: ['x'],
    minPoints: 3,
  });
  const budgetFit = fitLaw(logLinear, budget.points);
  const budgetParams = toParameterVector(logLinear, budgetFit.params);
  const agents = readRuns(join(DATA, 'agents-latency.csv'), {
    x: 'latency',
    y: 'accuracy',
    group: 'mode',
    minPoints: 3,
  });
  const mode = (name: string) => ({
    name,
    points: agents.points.filter((p) => p.group === name),
  });
  const latency = compare(mode('one agent'), mode('four agents'), {
    law: logLinear,
    target: { kind: 'level', value: 0.5 },
    shared: ['b'],
    resamples,
    seed,
    resource: 'latency',
  });
  const interval =
    latency.interval === null
      ? ''
      : ` (95% interval ${latency.interval[0].toPrecision(3)}–` +
        `${latency.interval[1].toPrecision(3)})`;
  const lines = [
    `Test-time: accuracy rises by ${budgetFit.params.b!.toFixed(3)} ± ` +
      `${budgetFit.standardErrors!.b!.toFixed(3)} per tenfold thinking budget (truth 0.12).`,
    `RL: pass@1 rises by ${slope('train')} per tenfold steps on training problems and ` +
      `${slope('held-out')} on held-out ones (truth 0.08 and 0.05).`,
    `Test-time: thought compression from step ${phases.boundaries[0]} to ` +
      `${phases.boundaries[1]} (truth 1000-2000); accuracy ` +
      `${phases.accuracyHeld ? 'held' : 'did not hold'}.`,
    `Agents: four in parallel reach 50% accuracy with ${latency.multiplier!.toPrecision(3)}x` +
      `${interval} less latency than one agent (truth 3).`,
  ];
  const latencyPoints = agents.points.map((p) => ({ latency: p.x, accuracy: p.y, mode: p.group! }));
  return {
    lines,
    charts: [
      { id: 'rl-pass-at-k', title: 'pass@k against RL steps', spec: rlChart(rl) },
      {
        id: 'thinking-budget',
        title: 'Accuracy against thinking tokens',
        spec: scalingChart({
          title: 'Accuracy against thinking tokens per answer',
          xTitle: 'thinking tokens per answer',
          yTitle: 'accuracy',
          points: budget.points.map((p) => ({ x: p.x, y: p.y, series: 'checkpoint' })),
          curves: sampleCurve(
            { law: logLinear, params: budgetParams },
            400,
            40000,
            'log-linear fit',
          ),
        }),
      },
      {
        id: 'thinking-phases',
        title: 'Thinking-token phases',
        spec: phasesChart(checkpoints, phases),
      },
      {
        id: 'agents-latency',
        title: 'Accuracy against latency',
        spec: latencyChart({ title: 'One agent against four in parallel', points: latencyPoints }),
      },
    ],
  };
}

/** The sentence to quote: "the new recipe reaches the reference model's loss with ...". */
function headline(joint: Comparison, budget: number): string {
  const interval =
    joint.interval === null
      ? ''
      : ` (${Math.round(joint.level * 100)}% interval ${joint.interval[0].toPrecision(3)}–` +
        `${joint.interval[1].toPrecision(3)})`;
  return (
    `The new recipe reaches the reference model's loss with ${joint.multiplier!.toPrecision(3)}x ` +
    `less compute${interval}: the loss ${joint.target.level.toPrecision(4)} that the baseline ` +
    `reaches with the reference model's ${budget.toExponential(1)} FLOPs.`
  );
}

function buildCharts(
  fits: FitResult[],
  joint: Comparison,
  recipes: { name: string; points: RunPoint[] }[],
  reference: { C: number; loss: number },
  allocations: ReturnType<typeof optimalAllocation>,
): { id: string; title: string; spec: TopLevelSpec }[] {
  const points: SeriesPoint[] = recipes.flatMap((r) =>
    r.points.map((p) => ({ x: p.C!, y: p.y, series: r.name })),
  );
  const curves = joint.fits.flatMap((fit) =>
    sampleCurve(
      { law: chinchilla, params: toParameterVector(chinchilla, fit.params) },
      1e16,
      1e25,
      fit.group ?? '',
    ),
  );
  const referencePoint = { x: reference.C, y: reference.loss, series: 'reference model' };
  const xTitle = 'training compute C (FLOPs)';
  const yTitle = 'loss (nats/token)';
  const residuals = fits.flatMap((fit, i) =>
    recipes[i]!.points.map((p, j) => ({ x: p.C!, y: fit.residuals[j]!, series: recipes[i]!.name })),
  );
  const charts = [
    {
      id: 'scaling',
      title: 'Scaling curves along the compute-optimal frontier',
      spec: scalingChart({
        title: 'Loss against compute',
        xTitle,
        yTitle,
        points: [...points, referencePoint],
        curves,
      }),
    },
    {
      id: 'multiplier',
      title: 'Compute multiplier at the reference model',
      spec: multiplierChart({
        comparison: joint,
        points: [...points, referencePoint],
        curves,
        xTitle,
        yTitle,
      }),
    },
    {
      id: 'residuals',
      title: 'Residuals of the separate fits',
      spec: residualChart({ title: 'Residuals', xTitle, points: residuals }),
    },
  ];
  if (joint.draws !== undefined && joint.interval !== null) {
    charts.push({
      id: 'multiplier-bootstrap',
      title: 'Bootstrap distribution of the multiplier',
      spec: bootstrapChart({
        title: 'Multiplier over bootstrap resamples',
        name: 'M',
        draws: joint.draws,
        interval: joint.interval,
        estimate: joint.multiplier!,
      }),
    });
  }
  charts.push({
    id: 'allocation',
    title: 'Compute-optimal allocation of the new recipe',
    spec: allocationChart({
      title: 'Compute-optimal N and D (new recipe)',
      rows: allocations.map((a) => ({
        C: a.C,
        N: a.N,
        D: a.D,
        ...(a.intervals === null
          ? {}
          : {
              lo: { N: a.intervals.N[0], D: a.intervals.D[0] },
              hi: { N: a.intervals.N[1], D: a.intervals.D[1] },
            }),
      })),
    }),
  });
  return charts;
}

/** The report's numbers, as escaped HTML. */
function reportSections(
  fits: FitResult[],
  joint: Comparison,
  separate: Comparison,
  truth: { multiplier: number },
  budget: number,
  notes: string[],
): string[] {
  const row = (cells: string[]) =>
    `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  const fitRows = fits.map((fit) =>
    row([
      fit.group ?? '',
      fit.status,
      ...['E', 'A', 'B', 'alpha', 'beta'].map((k) => significant(fit.params[k]!, 5)),
    ]),
  );
  const interval = (c: Comparison) =>
    c.interval === null
      ? 'none'
      : `${c.interval[0].toPrecision(3)}–${c.interval[1].toPrecision(3)}`;
  return [
    `<p><strong>${escapeHtml(headline(joint, budget))}</strong></p>`,
    '<p>Synthetic data from <code>data/generate.ts</code>; the true multiplier is ' +
      `${escapeHtml(String(truth.multiplier))}.</p>`,
    '<table><tr><th>recipe</th><th>status</th><th>E</th><th>A</th><th>B</th>' +
      '<th>alpha</th><th>beta</th></tr>',
    ...fitRows,
    '</table>',
    '<table><tr><th>analysis</th><th>M</th><th>95% interval</th></tr>',
    row(['joint fit (E, alpha, beta shared)', joint.multiplier!.toPrecision(4), interval(joint)]),
    row(['separate fits', separate.multiplier!.toPrecision(4), interval(separate)]),
    '</table>',
    ...notes.map((line) => `<p>${escapeHtml(line)}</p>`),
  ];
}
