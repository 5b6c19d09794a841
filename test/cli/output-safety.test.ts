/**
 * Text from data never reaches the terminal raw, and the CLI writes files only through the
 * atomic writer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { terminalSafe } from '../../src/cli/terminal-safe.ts';
import { laws } from '../../src/laws/index.ts';
import { tempFiles } from '../data/temp-files.ts';
import { runCli } from './run-cli.ts';

const write = tempFiles();
const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(root, 'dist/cli/main.js');

/** A group label that would turn text red and retitle the terminal if printed raw. */
const HOSTILE = '\u001b[31mred\u001b]0;title\u0007';
/** Bytes no output may contain: ESC, BEL, the 8-bit CSI (U+009B) and a bidi override. */
const RAW_CONTROLS = /[\u001b\u0007\u009b\u202e]/;

function hostileTable(): string {
  const law = laws['power-offset']!;
  const rows = ['C,loss,recipe'];
  for (const [group, scale] of [
    [HOSTILE, 1],
    ['plain\u009b2J\u202e', 1.1],
  ] as const) {
    for (let i = 0; i < 8; i++) {
      const C = 10 ** (18 + i / 2);
      const loss = law.predict([1.69, 1.2e4 * scale, 0.2], [C]);
      rows.push(`${C},${loss},"${group}"`);
    }
  }
  return write('hostile.csv', rows.join('\n') + '\n');
}

describe('terminal output', () => {
  it('terminalSafe escapes C0 (not \\n, \\t), DEL, C1 and bidi controls', () => {
    expect(terminalSafe('a\tb\nc')).toBe('a\tb\nc');
    expect(terminalSafe(HOSTILE)).toBe('\\u001b[31mred\\u001b]0;title\\u0007');
    expect(terminalSafe('\r\u007f\u009b\u202e')).toBe('\\u000d\\u007f\\u009b\\u202e');
  });

  it('a hostile group name never reaches stdout or stderr raw (human and JSON)', async () => {
    const file = hostileTable();
    for (const extra of [[], ['--json']]) {
      const result = await runCli(['fit', file, '--group', 'recipe', '--quiet', ...extra]);
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(RAW_CONTROLS);
      expect(result.stderr).not.toMatch(RAW_CONTROLS);
      if (extra.length > 0) {
        // The JSON still carries the exact label: escaping changed its spelling only.
        const groups = JSON.parse(result.stdout).fits.map((fit: { group: string }) => fit.group);
        expect(groups).toEqual([HOSTILE, 'plain\u009b2J\u202e']);
      } else {
        expect(result.stdout).toContain('\\u001b[31mred');
      }
    }
  });

  it('a hostile cell and column name are escaped in error messages', async () => {
    const file = write('hostile-cell.csv', `C,loss\n1e20,"2.5${HOSTILE}"\n1e21,2.4\n1e22,2.3\n`);
    const bad = await runCli(['fit', file, '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 2 (row 1), column "loss"');
    expect(bad.stderr).not.toMatch(RAW_CONTROLS);
    const column = await runCli(['fit', file, '--y', `loss${HOSTILE}`, '--quiet']);
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('[unknown-column]');
    expect(column.stderr).not.toMatch(RAW_CONTROLS);
  });

  it.skipIf(!existsSync(cli))('the built CLI writes no raw control bytes either', () => {
    const file = hostileTable();
    for (const args of [
      ['fit', file, '--group', 'recipe', '--quiet'],
      ['fit', file, '--group', 'recipe', '--quiet', '--json'],
      ['compare', file, '--group', 'recipe', '--ref', HOSTILE, '--new', 'nope'],
    ]) {
      const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
      expect(result.stdout + result.stderr).not.toMatch(RAW_CONTROLS);
      expect(result.stderr).not.toMatch(/\n {4}at /);
    }
  });
});

describe('files the CLI writes', () => {
  it('go through writeAtomically: no other module calls a file-writing function', () => {
    const folder = join(root, 'src');
    const offenders: string[] = [];
    const visit = (directory: string): void => {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const path = join(directory, entry.name);
        if (entry.isDirectory()) visit(path);
        else if (path.endsWith('.ts') && !path.endsWith(join('cli', 'write-file.ts'))) {
          const text = readFileSync(path, 'utf8');
          if (
            /\b(writeFileSync|writeFile|createWriteStream|appendFileSync|appendFile)\b/.test(text)
          )
            offenders.push(path);
        }
      }
    };
    visit(folder);
    expect(offenders).toEqual([]);
  });
});
