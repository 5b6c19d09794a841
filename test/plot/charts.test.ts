import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';

import { compare } from '../../src/analysis/compare.ts';
import { laws } from '../../src/laws/index.ts';
import {
  allocationChart,
  bootstrapChart,
  latencyChart,
  multiplierChart,
  passAtKChart,
  residualChart,
  sampleCurve,
  scalingChart,
  thinkingTokensChart,
} from '../../src/plot/charts.ts';
import { decadeLabel, decadeTicks } from '../../src/plot/log-axis.ts';
import { renderHtml, renderPixels, renderPng, renderSvg } from '../../src/plot/render.ts';
import { efficientRecipe, recipePoints, REFERENCE } from '../fixtures/two-recipes.ts';

const require = createRequire(import.meta.url);
// The schema is not in vega-lite's exports map: it sits beside the package's entry point.
const schemaPath = join(dirname(require.resolve('vega-lite')), 'vega-lite-schema.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

const law = laws['power-offset']!;
const reference = { name: 'baseline', points: recipePoints(REFERENCE) };
const candidate = { name: 'new', points: recipePoints(efficientRecipe(10)) };
const comparison = compare(reference, candidate, { law, target: { kind: 'at', x: 2.2e24 } });
const curveOf = (name: string, p: Record<string, number>) =>
  sampleCurve({ law, params: [p.E!, p.A!, p.alpha!] }, 1e18, 1e25, name);
const points = [reference, candidate].flatMap((recipe) =>
  recipe.points.map((p) => ({ x: p.x!, y: p.y, series: recipe.name })),
);
const curves = [
  ...curveOf('baseline', comparison.fits[0]!.params),
  ...curveOf('new', comparison.fits[1]!.params),
];

const steps = [50, 100, 200, 400, 800, 1600];
const passAtK = steps.flatMap((step) =>
  [1, 16].flatMap((k) =>
    ['train', 'held-out'].map((split) => ({
      step,
      k,
      split,
      estimate: (k === 1 ? 0.2 : 0.5) + 0.08 * Math.log10(step) - (split === 'train' ? 0 : 0.05),
      standardError: 0.02,
    })),
  ),
);
const checkpoints = Array.from({ length: 30 }, (_, i) => ({
  step: 100 * i,
  tokens: 2000 + 3000 * Math.sin(i / 6) ** 2,
  accuracy: 0.4 + 0.01 * i,
}));

/** One chart of each kind. */
const charts: Record<string, TopLevelSpec> = {
  scaling: scalingChart({ title: 'Scaling', xTitle: 'C (FLOPs)', yTitle: 'loss', points, curves }),
  multiplier: multiplierChart({ comparison, points, curves, xTitle: 'C (FLOPs)', yTitle: 'loss' }),
  residuals: residualChart({
    title: 'Residuals',
    xTitle: 'C (FLOPs)',
    points: points.map((p) => ({ ...p, y: 0.01 * Math.sin(p.x) })),
  }),
  bootstrap: bootstrapChart({
    title: 'alpha',
    name: 'alpha',
    draws: Array.from({ length: 200 }, (_, i) => 0.3 + 0.01 * Math.sin(i)),
    interval: [0.29, 0.31],
    estimate: 0.3,
  }),
  allocation: allocationChart({
    title: 'Allocation',
    rows: [1e21, 1e22, 1e23].map((C) => ({ C, N: Math.sqrt(C / 120), D: 20 * Math.sqrt(C / 120) })),
  }),
  passAtK: passAtKChart({ title: 'pass@k against RL steps', points: passAtK }),
  thinkingTokens: thinkingTokensChart({
    title: 'Thinking tokens and accuracy',
    checkpoints,
    boundaries: [
      { step: 900, label: 'compression starts' },
      { step: 1900, label: 'growth resumes' },
    ],
  }),
  latency: latencyChart({
    title: 'Accuracy at equal latency',
    points: [1, 2, 4, 8, 16, 32].flatMap((latency) => [
      { latency, accuracy: 0.3 + (0.1 * Math.log2(latency)) / 5, mode: 'one agent' },
      {
        latency,
        accuracy: 0.35 + (0.12 * Math.log2(latency)) / 5,
        mode: 'four agents in parallel',
      },
    ]),
  }),
};

describe('log axes', () => {
  it('label decades with superscripts and cover the range', () => {
    expect(decadeLabel(17)).toBe('10¹⁷');
    expect(decadeLabel(-3)).toBe('10⁻³');
    expect(decadeTicks(3e17, 2e21)).toEqual([1e17, 1e18, 1e19, 1e20, 1e21, 1e22]);
  });
});

describe('charts', () => {
  for (const [kind, spec] of Object.entries(charts)) {
    it(`${kind}: passes the Vega-Lite schema; renders as JSON, SVG, PNG and HTML`, async () => {
      // What a .vl.json file holds: the spec through JSON, validated as written.
      const written = JSON.parse(JSON.stringify(spec));
      expect(validate(written), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      const svg = await renderSvg(spec);
      expect(svg).toMatch(/^<svg/);
      const png = renderPng(svg);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(renderHtml(kind, [{ id: 'chart', title: kind, spec }])).toMatch(/^<!doctype html>/);
      if (process.env.SCALEFIT_CHART_DIR !== undefined) {
        writeFileSync(join(process.env.SCALEFIT_CHART_DIR, `${kind}.png`), png);
      }
    });
  }

  it('the multiplier chart labels the gap with M', async () => {
    const svg = await renderSvg(charts.multiplier!);
    expect(svg).toContain('M = 10.0x');
    expect(svg).toContain('10²⁴');
  });

  it('PNG text is really drawn: a title adds hundreds of dark pixels to the top band', async () => {
    const darkInTitle = async (title: string) => {
      const spec = scalingChart({ title, xTitle: 'C', yTitle: 'loss', points, curves });
      const { width, pixels } = renderPixels(await renderSvg(spec));
      let dark = 0;
      for (let row = 0; row < 40; row++) {
        for (let column = 0; column < width; column++) {
          const i = 4 * (row * width + column);
          if (pixels[i]! < 100 && pixels[i + 1]! < 100 && pixels[i + 2]! < 100) dark++;
        }
      }
      return dark;
    };
    // Without a title the plot moves up into the band, so compare the two renderings.
    const titled = await darkInTitle('Scaling of the baseline recipe');
    const untitled = await darkInTitle('');
    expect(titled - untitled).toBeGreaterThan(500);
    const png = renderPng(await renderSvg(charts.scaling!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('HTML is self-contained and shows data text as text', () => {
    const hostile = '</script><img src=x onerror=alert(1)>';
    const spec = scalingChart({
      title: hostile,
      xTitle: 'C',
      yTitle: 'loss',
      points: points.map((p) => ({ ...p, series: hostile })),
      curves,
    });
    const html = renderHtml(hostile, [{ id: 'chart', title: hostile, spec }]);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    // The only </script> closers are the page's own three script elements.
    expect(html.match(/<\/script>/gi)).toHaveLength(3);
  });
});
