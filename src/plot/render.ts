import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

import { CHART_FONT } from './charts.ts';
import { escapeHtml, scriptJson } from './escape-html.ts';

const require = createRequire(import.meta.url);

/** The compiled Vega spec of a Vega-Lite spec. */
export function toVega(spec: TopLevelSpec): vega.Spec {
  return compile(spec).spec;
}

/** SVG text of a chart, rendered headless by Vega's View (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The TrueType files of DejaVu Sans from the dejavu-fonts-ttf package. */
function fontFiles(): string[] {
  const folder = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((file) =>
    join(folder, file),
  );
}

/**
 * PNG bytes of an SVG at twice its size, through resvg with the shipped DejaVu Sans: system
 * fonts are not loaded, so text renders the same on any machine (with system fonts resvg
 * fell back to a serif face; with none and no font files all text vanished).
 */
export function renderPng(svg: string, zoom = 2): Buffer {
  return rasterise(svg, zoom).asPng();
}

/** Raw RGBA pixels of an SVG rendered as {@link renderPng} does (for checks on the image). */
export function renderPixels(
  svg: string,
  zoom = 2,
): { width: number; height: number; pixels: Buffer } {
  const image = rasterise(svg, zoom);
  return { width: image.width, height: image.height, pixels: image.pixels };
}

function rasterise(svg: string, zoom: number) {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    background: 'white',
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(),
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
  });
  return resvg.render();
}

/** A library's UMD build as inline script text, with any closing script tag neutralised. */
function inlineScript(pkg: string, file: string): string {
  // Both packages' entry points sit in their build/ folder, beside the minified UMD files.
  const path = join(dirname(require.resolve(pkg)), file);
  return readFileSync(path, 'utf8').replace(/<\/script/gi, '<\\/script');
}

/**
 * A self-contained interactive HTML page of one or more charts: vega and vega-embed inlined,
 * each chart's compiled Vega spec embedded as escaped JSON, tooltips on, no network request.
 * `sections` may carry HTML already escaped by the caller (a report's tables).
 */
export function renderHtml(
  title: string,
  charts: { id: string; title: string; spec: TopLevelSpec }[],
  sections: string[] = [],
): string {
  const compiled = charts.map((chart) => ({ id: chart.id, spec: toVega(chart.spec) }));
  const figures = charts
    .map(
      (chart) =>
        `<figure><figcaption>${escapeHtml(chart.title)}</figcaption>` +
        `<div id="${escapeHtml(chart.id)}"></div></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: 'DejaVu Sans', sans-serif; margin: 2rem auto; max-width: 980px; color: #222; }
figure { margin: 1.5rem 0; } figcaption { font-weight: bold; margin-bottom: .5rem; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border: 1px solid #ccc; padding: .25rem .6rem; }
</style>
<script>${inlineScript('vega', 'vega.min.js')}</script>
<script>${inlineScript('vega-embed', 'vega-embed.min.js')}</script>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${sections.join('\n')}
${figures}
<script>
const charts = ${scriptJson(compiled)};
const views = [];
Promise.all(charts.map((chart) =>
  vegaEmbed('#' + chart.id, chart.spec, { mode: 'vega', renderer: 'svg', tooltip: true,
    actions: { export: true, source: false, compiled: false, editor: false } })
    .then((result) => views.push(result.view))))
  .then(() => { window.__views = views; document.body.dataset.rendered = '1'; })
  .catch((error) => { document.body.dataset.rendered = 'error'; console.error(error); });
</script>
</body>
</html>
`;
}
