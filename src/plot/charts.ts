import type { TopLevelSpec } from 'vega-lite';

import { levelAt, type Curve } from '../analysis/curve.ts';
import type { Comparison } from '../analysis/compare.ts';
import { decadeDomain, logAxis } from './log-axis.ts';

/** One plotted value: x, y and the series (group, recipe) it belongs to. */
export interface SeriesPoint {
  x: number;
  y: number;
  series: string;
}

/** A band (interval) around a curve at x. */
export interface BandPoint {
  x: number;
  lo: number;
  hi: number;
  series: string;
}

/** The font every chart uses, shipped with the package (dejavu-fonts-ttf) for PNG output. */
export const CHART_FONT = 'DejaVu Sans';

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 560,
  height: 360,
  config: {
    font: CHART_FONT,
    view: { stroke: null },
    axis: { labelFontSize: 11, titleFontSize: 12 },
  },
} as const;

/** Values of a curve at `count` points spaced evenly in log x over [lo, hi]. */
export function sampleCurve(curve: Curve, lo: number, hi: number, series: string, count = 80) {
  const points: SeriesPoint[] = [];
  for (let i = 0; i < count; i++) {
    const x = Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (count - 1));
    const y = levelAt(curve, x);
    if (Number.isFinite(y)) points.push({ x, y, series });
  }
  return points;
}

/**
 * Scaling curves: observed runs as points, fitted curves as lines, optional interval bands,
 * log x with decade ticks labelled 10^k; y linear (or log with `yLog`).
 */
export function scalingChart(input: {
  title: string;
  xTitle: string;
  yTitle: string;
  points: SeriesPoint[];
  curves: SeriesPoint[];
  bands?: BandPoint[];
  yLog?: boolean;
}): TopLevelSpec {
  const xDomain = decadeDomain([...input.points, ...input.curves].map((p) => p.x));
  const ys = [...input.points, ...input.curves].map((p) => p.y);
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: { type: 'log', domain: xDomain, nice: false },
    axis: logAxis(xDomain[0], xDomain[1], input.xTitle),
  };
  const yDomain = input.yLog ? decadeDomain(ys) : null;
  const y =
    yDomain === null
      ? {
          field: 'y',
          type: 'quantitative',
          title: input.yTitle,
          scale: { zero: false, nice: true },
        }
      : {
          field: 'y',
          type: 'quantitative',
          scale: { type: 'log', domain: yDomain, nice: false },
          axis: logAxis(yDomain[0], yDomain[1], input.yTitle),
        };
  const color = { field: 'series', type: 'nominal', title: null };
  const layers: Record<string, unknown>[] = [];
  if (input.bands !== undefined && input.bands.length > 0) {
    layers.push({
      data: { values: input.bands },
      mark: { type: 'area', opacity: 0.18, clip: true },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  }
  layers.push(
    {
      data: { values: input.curves },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: { x, y, color, detail: { field: 'series' } },
    },
    {
      data: { values: input.points },
      mark: { type: 'point', filled: true, size: 45, opacity: 0.85 },
      encoding: {
        x,
        y,
        color,
        tooltip: [
          { field: 'series', type: 'nominal', title: 'series' },
          { field: 'x', type: 'quantitative', format: '.3e', title: input.xTitle },
          { field: 'y', type: 'quantitative', format: '.4f', title: input.yTitle },
        ],
      },
    },
  );
  return { ...BASE, title: input.title, layer: layers } as unknown as TopLevelSpec;
}

/**
 * The multiplier chart: both recipes' runs and curves, a horizontal segment at the target
 * level from C_new to C_ref, and a label with M and its interval.
 */
export function multiplierChart(input: {
  comparison: Comparison;
  points: SeriesPoint[];
  curves: SeriesPoint[];
  xTitle: string;
  yTitle: string;
}): TopLevelSpec {
  const { comparison } = input;
  const spec = scalingChart({
    title: 'Compute multiplier',
    xTitle: input.xTitle,
    yTitle: input.yTitle,
    points: input.points,
    curves: input.curves,
  }) as unknown as { layer: Record<string, unknown>[] };
  const m = comparison.multiplier!;
  const interval =
    comparison.interval === null
      ? ''
      : ` (${Math.round(comparison.level * 100)}% ${comparison.interval[0].toPrecision(3)}–` +
        `${comparison.interval[1].toPrecision(3)})`;
  // The full statement goes in the subtitle; the gap itself carries only "10.1x", placed at
  // its middle on the log axis, so the label stays clear of the two curves it joins.
  const label = `M = ${m.toPrecision(3)}x${interval} at ${comparison.target.level.toPrecision(4)}`;
  (spec as unknown as { title: unknown }).title = { text: 'Compute multiplier', subtitle: label };
  const gap = [
    {
      x: comparison.new.C!,
      x2: comparison.ref.C!,
      middle: Math.sqrt(comparison.new.C! * comparison.ref.C!),
      y: comparison.target.level,
      label: `${m.toPrecision(3)}x`,
    },
  ];
  const x = { field: 'x', type: 'quantitative' };
  const y = { field: 'y', type: 'quantitative' };
  spec.layer.push(
    {
      data: { values: gap },
      mark: { type: 'rule', strokeWidth: 2, strokeDash: [6, 3], color: '#444' },
      encoding: { x, x2: { field: 'x2' }, y },
    },
    {
      data: { values: gap },
      mark: { type: 'text', dy: -9, fontSize: 12, fontWeight: 'bold', color: '#222' },
      encoding: {
        x: { field: 'middle', type: 'quantitative' },
        y,
        text: { field: 'label', type: 'nominal' },
      },
    },
  );
  return spec as unknown as TopLevelSpec;
}

/** Residuals (y - fit) against x, one series per group, with a zero line. */
export function residualChart(input: {
  title: string;
  xTitle: string;
  points: SeriesPoint[];
}): TopLevelSpec {
  const xDomain = decadeDomain(input.points.map((p) => p.x));
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: { type: 'log', domain: xDomain, nice: false },
    axis: logAxis(xDomain[0], xDomain[1], input.xTitle),
  };
  return {
    ...BASE,
    title: input.title,
    layer: [
      {
        mark: { type: 'rule', color: '#888' },
        encoding: { y: { datum: 0, type: 'quantitative' } },
      },
      {
        data: { values: input.points },
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          x,
          y: { field: 'y', type: 'quantitative', title: 'residual (observed - fitted)' },
          color: { field: 'series', type: 'nominal', title: null },
          tooltip: [
            { field: 'x', type: 'quantitative', format: '.3e' },
            { field: 'y', type: 'quantitative', format: '.4f' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

/** Histogram of bootstrap draws of one quantity with its interval marked. */
export function bootstrapChart(input: {
  title: string;
  name: string;
  draws: number[];
  interval: [number, number];
  estimate: number;
}): TopLevelSpec {
  const marks = [
    { value: input.interval[0], kind: 'interval' },
    { value: input.interval[1], kind: 'interval' },
    { value: input.estimate, kind: 'estimate' },
  ];
  return {
    ...BASE,
    title: input.title,
    layer: [
      {
        data: { values: input.draws.map((value) => ({ value })) },
        mark: { type: 'bar', opacity: 0.8 },
        encoding: {
          x: { field: 'value', type: 'quantitative', bin: { maxbins: 40 }, title: input.name },
          y: { aggregate: 'count', type: 'quantitative', title: 'resamples' },
        },
      },
      {
        data: { values: marks },
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          x: { field: 'value', type: 'quantitative' },
          color: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: ['estimate', 'interval'], range: ['#d62728', '#333333'] },
          },
        },
      },
    ],
  } as TopLevelSpec;
}

/** Compute-optimal N and D against the budget, log-log, with interval bands. */
export function allocationChart(input: {
  title: string;
  rows: {
    C: number;
    N: number;
    D: number;
    lo?: { N: number; D: number };
    hi?: { N: number; D: number };
  }[];
}): TopLevelSpec {
  const curves: SeriesPoint[] = input.rows.flatMap((row) => [
    { x: row.C, y: row.N, series: 'parameters N' },
    { x: row.C, y: row.D, series: 'tokens D' },
  ]);
  const bands: BandPoint[] = input.rows.flatMap((row) =>
    row.lo === undefined || row.hi === undefined
      ? []
      : [
          { x: row.C, lo: row.lo.N, hi: row.hi.N, series: 'parameters N' },
          { x: row.C, lo: row.lo.D, hi: row.hi.D, series: 'tokens D' },
        ],
  );
  return scalingChart({
    title: input.title,
    xTitle: 'training compute C (FLOPs)',
    yTitle: 'compute-optimal value',
    points: [],
    curves,
    bands,
    yLog: true,
  });
}

/** One pass@k value at an RL step: which k, which split (train or held-out), its error. */
export interface PassAtKPoint {
  step: number;
  k: number;
  split: string;
  estimate: number;
  standardError?: number;
}

/**
 * pass@k against RL steps (log x), one line per k and split, held-out dashed, error bars of
 * ±1 standard error where given; optional fitted lines (series named like `pass@16 train`).
 */
export function passAtKChart(input: {
  title: string;
  points: PassAtKPoint[];
  fitted?: SeriesPoint[];
}): TopLevelSpec {
  const rows = input.points.map((p) => ({
    ...p,
    series: `pass@${p.k} ${p.split}`,
    lo: p.standardError === undefined ? p.estimate : p.estimate - p.standardError,
    hi: p.standardError === undefined ? p.estimate : p.estimate + p.standardError,
  }));
  const xDomain = decadeDomain(rows.map((r) => r.step));
  const x = {
    field: 'step',
    type: 'quantitative',
    scale: { type: 'log', domain: xDomain, nice: false },
    axis: logAxis(xDomain[0], xDomain[1], 'RL steps'),
  };
  const color = { field: 'series', type: 'nominal', title: null };
  const dash = {
    field: 'split',
    type: 'nominal',
    title: 'split',
    // No legend of its own: Vega-Lite draws its symbols with a transparent stroke, so the
    // dash cannot be shown there; the colour legend already names the split of each series.
    legend: null,
    scale: {
      domain: ['train', 'held-out'],
      range: [
        [1, 0],
        [5, 3],
      ],
    },
  };
  const layers: Record<string, unknown>[] = [
    {
      data: { values: rows },
      mark: { type: 'rule', opacity: 0.5 },
      encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
    },
    {
      data: { values: rows },
      mark: { type: 'line', point: true },
      encoding: {
        x,
        y: {
          field: 'estimate',
          type: 'quantitative',
          title: 'pass rate',
          scale: { domain: [0, 1] },
        },
        color,
        strokeDash: dash,
        tooltip: [
          { field: 'series', type: 'nominal' },
          { field: 'step', type: 'quantitative' },
          { field: 'estimate', type: 'quantitative', format: '.3f' },
        ],
      },
    },
  ];
  if (input.fitted !== undefined && input.fitted.length > 0) {
    layers.push({
      data: { values: input.fitted },
      mark: { type: 'line', strokeWidth: 1, opacity: 0.6, color: '#555' },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        detail: { field: 'series' },
      },
    });
  }
  return { ...BASE, title: input.title, layer: layers } as unknown as TopLevelSpec;
}

/**
 * Accuracy and thinking tokens per answer along RL training, with phase boundaries marked:
 * tokens on a log axis (left), accuracy (right), vertical rules at the boundaries.
 */
export function thinkingTokensChart(input: {
  title: string;
  checkpoints: { step: number; tokens: number; accuracy: number }[];
  boundaries: { step: number; label: string }[];
}): TopLevelSpec {
  const x = { field: 'step', type: 'quantitative', title: 'RL step' };
  return {
    ...BASE,
    title: input.title,
    layer: [
      {
        data: { values: input.checkpoints },
        mark: { type: 'line', color: '#1f77b4', point: true },
        encoding: {
          x,
          y: {
            field: 'tokens',
            type: 'quantitative',
            title: 'thinking tokens per answer',
            scale: { type: 'log' },
          },
        },
      },
      {
        data: { values: input.checkpoints },
        mark: { type: 'line', color: '#d62728', strokeDash: [4, 2] },
        encoding: {
          x,
          y: {
            field: 'accuracy',
            type: 'quantitative',
            title: 'accuracy',
            scale: { domain: [0, 1] },
          },
        },
      },
      {
        data: { values: input.boundaries },
        mark: { type: 'rule', color: '#333', strokeDash: [2, 2] },
        encoding: { x: { field: 'step', type: 'quantitative' } },
      },
      {
        data: { values: input.boundaries },
        mark: { type: 'text', align: 'left', dx: 4, dy: 8, fontSize: 11 },
        encoding: {
          x: { field: 'step', type: 'quantitative' },
          y: { value: 0 },
          text: { field: 'label', type: 'nominal' },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  } as unknown as TopLevelSpec;
}

/** Accuracy against latency (log x) for one agent thinking longer and several in parallel. */
export function latencyChart(input: {
  title: string;
  points: { latency: number; accuracy: number; mode: string }[];
}): TopLevelSpec {
  return scalingChart({
    title: input.title,
    xTitle: 'latency (seconds)',
    yTitle: 'accuracy',
    points: input.points.map((p) => ({ x: p.latency, y: p.accuracy, series: p.mode })),
    curves: input.points.map((p) => ({ x: p.latency, y: p.accuracy, series: p.mode })),
  });
}
