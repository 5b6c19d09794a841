/**
 * The checks a reviewer runs by hand, run by the suite so that CI catches them: the whole
 * project (src, test, bench, scripts, data) type-checks under strict TypeScript, src and
 * test are formatted by Prettier, and no line of code is over 100 columns.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const bin = (name: string) => join('node_modules', '.bin', name);

describe('static checks', () => {
  it('tsc --noEmit finds no type error', () => {
    const result = spawnSync(bin('tsc'), ['--noEmit', '-p', '.'], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('prettier --check passes on src and test', () => {
    const result = spawnSync(bin('prettier'), ['--check', 'src', 'test'], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('no line of code is over 100 columns', () => {
    const long: string[] = [];
    for (const folder of ['src', 'test', 'bench', 'scripts']) {
      for (const entry of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|mjs|py)$/.test(entry)) continue;
        const path = join(folder, entry);
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (line.length > 100) long.push(`${path}:${i + 1} (${line.length} columns)`);
          });
      }
    }
    expect(long).toEqual([]);
  });
});
