/**
 * Charts for Jupyter notebooks (the Deno kernel, or any kernel that honours the
 * `Symbol.for('Jupyter.display')` protocol): a value whose display method returns a MIME
 * bundle. The bundle holds a PNG, which every front end and code-hosting site renders in a
 * stored notebook, and a plain-text line. The Vega-Lite spec is left out on purpose: front ends
 * rank it above PNG, and those bundling Vega-Lite 5 cannot draw this package's Vega-Lite 6
 * specs (write them with `renderHtml` for an interactive page instead).
 */
import type { TopLevelSpec } from 'vega-lite';

import { renderPng, renderSvg } from './render.ts';

/** The registered symbol the Deno kernel (Deno.jupyter.$display) looks up on a cell's value. */
const JUPYTER_DISPLAY = Symbol.for('Jupyter.display');

/** A MIME bundle: MIME type to content (text, or base64 for images). */
export type MimeBundle = Record<string, string | object>;

/** A value a Jupyter kernel shows through its MIME bundle. */
export interface NotebookChart {
  readonly bundle: MimeBundle;
  [JUPYTER_DISPLAY](): MimeBundle;
}

/**
 * Render a Vega-Lite spec for a notebook cell: `await notebookChart(spec)` as the cell's last
 * expression shows it; `await Deno.jupyter.display(chart.bundle, { raw: true })` shows several.
 * @param zoom - PNG scale over the SVG's size (1.5 keeps stored notebooks small yet sharp)
 */
export async function notebookChart(spec: TopLevelSpec, zoom = 1.5): Promise<NotebookChart> {
  const svg = await renderSvg(spec);
  const title = typeof spec.title === 'string' ? spec.title : 'chart';
  const bundle: MimeBundle = {
    'image/png': renderPng(svg, zoom).toString('base64'),
    'text/plain': `[chart] ${title}`,
  };
  return { bundle, [JUPYTER_DISPLAY]: () => bundle };
}
