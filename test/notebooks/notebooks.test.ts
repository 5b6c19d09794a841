/**
 * The notebooks in notebooks/: stored with their outputs (charts included, no error output),
 * and executed headless on the project's Deno kernel by scripts/run-notebooks.py, where a
 * failing cell fails the test. .ci/run installs Jupyter from Debian's packages; on a machine
 * without it the execution tests are skipped, except under CI, where they fail instead.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const folder = join(root, 'notebooks');
const notebooks = readdirSync(folder)
  .filter((name) => name.endsWith('.ipynb'))
  .sort();

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  ename?: string;
}
interface Cell {
  cell_type: string;
  source: string[] | string;
  outputs?: Output[];
}

const read = (name: string) =>
  JSON.parse(readFileSync(join(folder, name), 'utf8')) as {
    cells: Cell[];
    metadata: { kernelspec?: { name: string } };
  };
const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);

/** Whether Jupyter's nbclient can be imported by the Python the runner would use. */
function jupyterPresent(): boolean {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import nbclient'], { stdio: 'ignore' });
    if (probe.status === 0) return true;
  }
  return false;
}

describe('stored notebooks', () => {
  it('are the five analyses, on the project kernel', () => {
    expect(notebooks).toEqual([
      '01-chinchilla-replication.ipynb',
      '02-compute-multiplier.ipynb',
      '03-rl-scaling.ipynb',
      '04-test-time.ipynb',
      '05-two-step.ipynb',
    ]);
    for (const name of notebooks) expect(read(name).metadata.kernelspec?.name).toBe('deno');
  });

  for (const name of notebooks) {
    it(`${name} holds its outputs: charts, no errors, scalefit imported as a package`, () => {
      const cells = read(name).cells;
      const outputs = cells.flatMap((cell) => cell.outputs ?? []);
      expect(outputs.filter((o) => o.output_type === 'error')).toEqual([]);
      expect(outputs.some((o) => o.data?.['image/png'] !== undefined)).toBe(true);
      // Every code cell that displays or prints something kept its output.
      for (const cell of cells.filter((c) => c.cell_type === 'code')) {
        const source = text(cell);
        const shows = /notebookChart\(|Deno\.jupyter\.(md|display)|console\.log/.test(source);
        if (shows) expect(cell.outputs?.length ?? 0, source.slice(0, 80)).toBeGreaterThan(0);
      }
      expect(text(cells.find((c) => c.cell_type === 'code')!)).toMatch(/from 'scalefit'/);
    });
  }
});

const present = jupyterPresent();
const required = process.env.CI !== undefined && process.env.CI !== '';

describe('notebook execution', () => {
  it.skipIf(present || !required)('Jupyter is installed (CI needs it)', () => {
    expect.fail('nbclient is missing: .ci/run installs python3-nbclient from Debian');
  });

  for (const name of notebooks) {
    it.skipIf(!present)(
      `${name} runs headless with no failing cell`,
      () => {
        const run = spawnSync('python3', [join(root, 'scripts/run-notebooks.py'), name], {
          cwd: folder,
          encoding: 'utf8',
        });
        expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
        expect(run.stdout).toContain(`${name}: `);
      },
      300_000,
    );
  }

  it.skipIf(!present)(
    'a cell that throws fails the run, naming the notebook',
    () => {
      // Written beside this test (inside the project, where npx finds deno), then removed.
      const path = join(root, 'test/notebooks/failing-cell.tmp.ipynb');
      const cell = (source: string) => ({
        cell_type: 'code',
        id: source.length.toString(16),
        metadata: {},
        execution_count: null,
        outputs: [],
        source,
      });
      const notebook = {
        cells: [cell("console.log('before');"), cell("throw new Error('cell failed on purpose');")],
        metadata: { kernelspec: { name: 'deno', display_name: 'Deno', language: 'typescript' } },
        nbformat: 4,
        nbformat_minor: 5,
      };
      writeFileSync(path, JSON.stringify(notebook));
      try {
        const run = spawnSync('python3', [join(root, 'scripts/run-notebooks.py'), path], {
          encoding: 'utf8',
        });
        expect(run.status).toBe(1);
        expect(run.stderr).toContain('failing-cell.tmp.ipynb: a cell failed');
        expect(run.stderr).toContain('cell failed on purpose');
      } finally {
        rmSync(path, { force: true });
      }
    },
    120_000,
  );
});
