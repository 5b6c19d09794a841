import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

describe('bundled example data', () => {
  it('is exactly what the seeded generator writes', () => {
    const folder = mkdtempSync(join(tmpdir(), 'scalefit-data-'));
    execFileSync(process.execPath, ['--import', 'tsx', 'data/generate.ts', folder]);
    const written = readdirSync(folder).sort();
    expect(written).toEqual(
      readdirSync('data')
        .filter((name) => name.endsWith('.csv') || name.endsWith('.json'))
        .sort(),
    );
    for (const name of written) {
      expect(readFileSync(join(folder, name), 'utf8'), name).toBe(
        readFileSync(join('data', name), 'utf8'),
      );
    }
  });

  it('is labelled synthetic in every truth file', () => {
    for (const name of readdirSync('data').filter((n) => n.endsWith('.truth.json'))) {
      expect(JSON.parse(readFileSync(join('data', name), 'utf8')).synthetic, name).toBe(true);
    }
  });
});
