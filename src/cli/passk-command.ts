import type { Command } from 'commander';

import { passAtKOverProblems, type PassAtKEstimate } from '../analysis/pass-at-k.ts';
import { filterRows, parseCondition } from '../data/filter-rows.ts';
import { readProblemCounts, type ProblemGroup } from '../data/read-attempts.ts';
import { readTable } from '../data/read-table.ts';
import { InputError } from '../errors.ts';
import { EXIT, type CliIo } from './io.ts';
import { collect, jsonNumbers } from './options.ts';
import { writeAtomically } from './write-file.ts';

/** Options of `scalefit passk`. */
export interface PassKOptions {
  k: string;
  group?: string;
  problem?: string;
  samples?: string;
  correct?: string;
  where: string[];
  csv?: string | boolean;
  json?: boolean;
}

/** pass@k of one group of problems, for each k asked. */
export interface PassKGroup {
  group: Record<string, string> | null;
  problems: number;
  passAtK: Record<string, PassAtKEstimate>;
}

/** Register `scalefit passk`. */
export function addPassKCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  program
    .command('passk')
    .description('unbiased pass@k per group of problems, with standard errors over problems')
    .argument('<file>', 'attempts: counts (problem, samples, correct) or one row per attempt')
    .option('--k <list>', 'values of k, comma-separated', '1')
    .option('--group <columns>', 'columns that split the problems, e.g. step,split')
    .option('--problem <column>', 'problem column (default: problem)')
    .option('--samples <column>', 'samples column for counts (default: samples or n)')
    .option('--correct <column>', 'correct count, or 0/1 per attempt (default: correct)')
    .option('--where <condition>', 'keep rows meeting "COL OP VALUE"', collect, [])
    .option('--csv [path]', 'write a table that `scalefit fit` reads (stdout without a path)')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  scalefit passk rl-attempts.csv --k 1,16 --group step,split --json\n' +
        '  scalefit passk rl-attempts.csv --k 1,16 --group step,split --csv passk.csv\n' +
        '  scalefit fit passk.csv --x step --y pass_at_1 --sigma pass_at_1_se \\\n' +
        '    --law log-linear --group split',
    )
    .action((file: string, options: PassKOptions) => {
      setExit(runPassK(file, options, io));
    });
}

function runPassK(file: string, options: PassKOptions, io: CliIo): number {
  const ks = options.k.split(',').map((text) => {
    const k = Number(text.trim());
    if (!Number.isInteger(k) || k < 1) {
      throw new InputError(
        'invalid-option',
        `--k ${JSON.stringify(options.k)}: expected whole numbers >= 1, e.g. 1,16`,
      );
    }
    return k;
  });
  const groupColumns = options.group?.split(',').map((name) => name.trim());
  let table = readTable(file);
  if (options.where.length > 0) table = filterRows(table, options.where.map(parseCondition));
  const groups = readProblemCounts(table, {
    problem: options.problem,
    samples: options.samples,
    correct: options.correct,
    group: groupColumns,
  });
  const results = groups.map((group) => estimate(group, ks, table.source));

  if (options.csv !== undefined) {
    const csv = toCsv(results, groupColumns ?? [], ks);
    if (typeof options.csv === 'string') {
      writeAtomically(options.csv, csv);
      io.stdout(`wrote ${options.csv}\n`);
    } else {
      io.stdout(csv);
    }
  } else if (options.json === true) {
    io.stdout(`${JSON.stringify({ groups: results }, jsonNumbers, 2)}\n`);
  } else {
    for (const result of results) {
      const label =
        result.group === null
          ? 'all problems'
          : Object.entries(result.group)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ');
      const values = Object.entries(result.passAtK)
        .map(([k, e]) => `pass@${k} ${e.estimate.toFixed(4)} ± ${e.standardError.toFixed(4)}`)
        .join(', ');
      io.stdout(`${label} (${result.problems} problems): ${values}\n`);
    }
  }
  return EXIT.ok;
}

function estimate(group: ProblemGroup, ks: number[], source: string): PassKGroup {
  const passAtK: Record<string, PassAtKEstimate> = {};
  for (const k of ks) {
    const short = group.problems.find((p) => p.samples < k);
    if (short !== undefined) {
      const where = group.group === null ? '' : ` in group ${JSON.stringify(group.group)}`;
      throw new InputError(
        'invalid-pass-at-k',
        `${source}: pass@${k} needs at least ${k} samples per problem, but problem ` +
          `${JSON.stringify(short.problem)}${where} has ${short.samples}; ask for a smaller k ` +
          'or draw more samples',
      );
    }
    passAtK[String(k)] = passAtKOverProblems(group.problems, k);
  }
  return { group: group.group, problems: group.problems.length, passAtK };
}

/** CSV with the group columns, problems, and pass_at_K and pass_at_K_se for each k. */
function toCsv(results: PassKGroup[], groupColumns: string[], ks: number[]): string {
  const quote = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const header = [
    ...groupColumns,
    'problems',
    ...ks.flatMap((k) => [`pass_at_${k}`, `pass_at_${k}_se`]),
  ];
  const rows = results.map((result) => [
    ...groupColumns.map((name) => result.group?.[name] ?? ''),
    String(result.problems),
    ...ks.flatMap((k) => {
      const e = result.passAtK[String(k)]!;
      return [String(e.estimate), String(e.standardError)];
    }),
  ]);
  return `${[header, ...rows].map((row) => row.map(quote).join(',')).join('\n')}\n`;
}
