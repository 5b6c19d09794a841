import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli } from './run-cli.ts';

describe('scalefit demo', () => {
  it('writes charts in three formats and a report; its interval covers the truth', async () => {
    const out = mkdtempSync(join(tmpdir(), 'scalefit-demo-'));
    const { code, stdout, stderr } = await runCli(['demo', '--out', out, '--quiet']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const charts = [
      'scaling',
      'multiplier',
      'residuals',
      'multiplier-bootstrap',
      'allocation',
      'rl-pass-at-k',
      'thinking-budget',
      'thinking-phases',
      'agents-latency',
    ];
    for (const chart of charts) {
      for (const ending of ['vl.json', 'svg', 'png']) {
        expect(existsSync(join(out, `${chart}.${ending}`)), `${chart}.${ending}`).toBe(true);
      }
    }
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('reference model');
    // The last line is the sentence to quote; its interval must cover the generator's 10.
    const last = stdout.trim().split('\n').at(-1)!;
    const match = /with ([\d.]+)x less compute \(95% interval ([\d.]+)–([\d.]+)\)/.exec(last);
    expect(match, last).not.toBeNull();
    const truth = JSON.parse(readFileSync('data/pretraining-recipes.truth.json', 'utf8'));
    expect(Number(match![2])).toBeLessThanOrEqual(truth.multiplier);
    expect(Number(match![3])).toBeGreaterThanOrEqual(truth.multiplier);
    expect(stdout).toMatch(/RL: pass@1 rises by 0\.08\d ± /);
    expect(stdout).toMatch(/thought compression from step 1000 to 2000/);
    // Slope of accuracy per tenfold thinking budget: truth 0.12 (data/generate.ts).
    const budget = /accuracy rises by ([\d.]+) ± ([\d.]+) per tenfold thinking/.exec(stdout);
    expect(Math.abs(Number(budget![1]) - 0.12)).toBeLessThanOrEqual(3 * Number(budget![2]));
    expect(stdout).toMatch(/four in parallel reach 50% accuracy with [\d.]+x/);
    // No colour or other terminal escape sequence, on a terminal or not (NO_COLOR holds).
    expect(stdout).not.toMatch(/\u001b/);
  });
});
