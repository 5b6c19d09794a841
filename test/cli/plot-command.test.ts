import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli } from './run-cli.ts';

const out = mkdtempSync(join(tmpdir(), 'scalefit-plot-'));

describe('scalefit plot', () => {
  for (const ending of ['vl.json', 'svg', 'png', 'html']) {
    it(`writes a multiplier chart as .${ending}`, async () => {
      const path = join(out, `multiplier.${ending}`);
      const { code, stderr } = await runCli([
        'plot',
        'data/pretraining-recipes.csv',
        '--kind',
        'multiplier',
        '--group',
        'recipe',
        '--ref',
        'baseline',
        '--new',
        'new',
        '--at',
        '2.2e24',
        '--objective',
        'log-huber',
        '--out',
        path,
      ]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const bytes = readFileSync(path);
      const signature: Record<string, RegExp> = {
        'vl.json': /^\{\n {2}"\$schema"/,
        svg: /^<svg/,
        png: /^\u0089PNG/,
        html: /^<!doctype html>/,
      };
      expect(bytes.toString('latin1').slice(0, 20)).toMatch(signature[ending]!);
    });
  }

  it('scaling and residual charts of one fit', async () => {
    for (const kind of ['scaling', 'residuals']) {
      const path = join(out, `${kind}.svg`);
      const { code } = await runCli([
        'plot',
        'data/example-runs.csv',
        '--kind',
        kind,
        '--out',
        path,
      ]);
      expect(code).toBe(0);
      expect(existsSync(path)).toBe(true);
    }
  });

  it('refuses an output ending it cannot write, and a mistyped kind', async () => {
    const pdf = await runCli(['plot', 'data/example-runs.csv', '--out', join(out, 'chart.pdf')]);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toMatch(/use \.vl\.json, \.svg, \.png or \.html/);
    const kind = await runCli([
      'plot',
      'data/example-runs.csv',
      '--kind',
      'scalng',
      '--out',
      join(out, 'x.svg'),
    ]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/did you mean "scaling"/);
  });
});
