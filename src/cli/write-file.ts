import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { TopLevelSpec } from 'vega-lite';

import { InputError } from '../errors.ts';

/**
 * Write a file atomically: to a temporary file beside it, then rename, so an interrupted run
 * never leaves half a chart or report.
 */
export function writeAtomically(path: string, content: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Chart formats, chosen by the output path's ending. */
export type ChartFormat = 'vl.json' | 'svg' | 'png' | 'html';

/** The format a path asks for; throws InputError for any other ending. */
export function chartFormat(path: string): ChartFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith('.vl.json')) return 'vl.json';
  if (lower.endsWith('.svg')) return 'svg';
  if (lower.endsWith('.png')) return 'png';
  if (lower.endsWith('.html')) return 'html';
  throw new InputError(
    'invalid-option',
    `--out ${JSON.stringify(path)}: the format comes from the ending; ` +
      'use .vl.json, .svg, .png or .html',
  );
}

/** Render a chart to the format of `path` and write it atomically. */
export async function writeChart(spec: TopLevelSpec, path: string, title: string): Promise<void> {
  const format = chartFormat(path);
  if (format === 'vl.json') return writeAtomically(path, `${JSON.stringify(spec, null, 2)}\n`);
  // Loaded here, not at start-up: vega and resvg take about 0.15 s to load, which every
  // command that draws no chart would pay.
  const { renderHtml, renderPng, renderSvg } = await import('../plot/render.ts');
  if (format === 'html')
    return writeAtomically(path, renderHtml(title, [{ id: 'chart', title, spec }]));
  const svg = await renderSvg(spec);
  writeAtomically(path, format === 'svg' ? svg : renderPng(svg));
}
