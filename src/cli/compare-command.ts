import type { Command } from 'commander';

import type { Comparison, Recipe } from '../analysis/compare.ts';
import { compareParallel } from '../analysis/compare-parallel.ts';
import type { Target } from '../analysis/multiplier.ts';
import { nearestName } from '../data/nearest-name.ts';
import { parseNumber } from '../data/parse-number.ts';
import { InputError } from '../errors.ts';
import { significant } from './format-fit.ts';
import { EXIT, type CliIo } from './io.ts';
import {
  defaultLaw,
  didYouMean,
  fraction,
  jsonNumbers,
  parseObjective,
  positiveInteger,
  positiveNumber,
  readRunsForLaw,
  resolveLaw,
  wholeNumber,
  type ColumnFlags,
  withColumnOptions,
  withRunOptions,
} from './options.ts';
import { progressBar } from './progress.ts';

/** Options of `scalefit compare`, as commander hands them over. */
export interface CompareCommandOptions extends ColumnFlags {
  ref?: string;
  new: string;
  law?: string;
  objective: string;
  target?: string;
  at?: string;
  refPoint?: string;
  targets?: string;
  shared?: string;
  tokensPerParam?: string;
  bootstrap: string;
  seed: string;
  level: string;
  flopsPerParamToken: string;
  quiet?: boolean;
  json?: boolean;
}

/** Register `scalefit compare` on the program. */
export function addCompareCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  withRunOptions(
    withColumnOptions(
      program
        .command('compare')
        .description('compute multiplier: how many times less compute the new recipe needs')
        .argument('<file>', 'run table with a group column naming the recipes'),
    ),
    'ls',
  )
    .requiredOption('--group <column>', 'column naming the recipe of each run')
    .option('--ref <names>', 'reference recipe(s), comma-separated: one comparison each')
    .requiredOption('--new <name>', 'the new recipe')
    .option('--law <name>', 'law (default: chinchilla when N and D are given, else power-offset)')
    .option('--target <Y>', 'compare at this metric level')
    .option('--at <X>', 'compare at the level the reference reaches at resource X')
    .option('--ref-point <spec>', 'one reference model, e.g. "C=2.2e24,loss=1.95"; no --ref')
    .option('--targets <A:B:n>', 'also report M at n levels from A to B')
    .option('--shared <names>', 'fit both recipes jointly with these parameters shared')
    .option('--tokens-per-param <r>', 'laws of N and D: compare at D/N = r, not optimally')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  scalefit compare runs.csv --group recipe --ref baseline --new new --at 2.2e24 \\',
        '    --bootstrap 1000 --seed 1',
        '  scalefit compare runs.csv --group recipe --new new --ref-point "C=2.2e24,loss=1.95"',
        '  scalefit compare runs.csv --group recipe --ref a,b --new c --target 2.1 \\',
        '    --shared E,alpha',
      ].join('\n'),
    )
    .action(async (file: string, options: CompareCommandOptions) => {
      setExit(await runCompare(file, options, io));
    });
}

async function runCompare(
  file: string,
  options: CompareCommandOptions,
  io: CliIo,
): Promise<number> {
  // 1. Options.
  const objective = parseObjective(options.objective);
  const k = positiveNumber('--flops-per-param-token', options.flopsPerParamToken);
  const lawName = options.law ?? defaultLaw(file, options);
  const law = resolveLaw(lawName);
  const modes = [options.target, options.at, options.refPoint].filter((v) => v !== undefined);
  if (modes.length !== 1) {
    throw new InputError(
      'invalid-option',
      'give exactly one of --target Y, --at X, --ref-point SPEC',
    );
  }
  const target = parseTarget(options, law.inputs.length === 2 ? k : null);
  if (target.kind !== 'ref-point' && options.ref === undefined) {
    throw new InputError('invalid-option', '--ref NAME is needed unless --ref-point is given');
  }
  const references =
    target.kind === 'ref-point' ? [null] : options.ref!.split(',').map((s) => s.trim());
  const shared = options.shared
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const resamples = wholeNumber('--bootstrap', options.bootstrap);

  // 2. Runs, by recipe.
  const runs = readRunsForLaw(file, law, objective, options, {
    minPoints: law.parameters.length,
    flopsPerParamToken: k,
  });
  const recipe = (name: string): Recipe => {
    const points = runs.points.filter((point) => point.group === name);
    if (points.length === 0) {
      const nearest = nearestName(name, runs.groups);
      throw new InputError(
        'unknown-group',
        `${runs.source}: no runs in group ${JSON.stringify(name)} of column ` +
          `${JSON.stringify(options.group)}${didYouMean(nearest)}; ` +
          `groups: ${runs.groups.join(', ')}`,
      );
    }
    return { name, points };
  };
  const candidate = recipe(options.new);

  // 3. One comparison per reference.
  const comparisons: Comparison[] = [];
  for (const name of references) {
    const progress = progressBar(`bootstrap ${name ?? 'reference point'}`, options.quiet !== true);
    try {
      const comparison = await compareParallel(name === null ? null : recipe(name), candidate, {
        law,
        objective,
        target,
        targets: options.targets === undefined ? undefined : parseRange(options.targets),
        shared,
        tokensPerParameter:
          options.tokensPerParam === undefined
            ? undefined
            : positiveNumber('--tokens-per-param', options.tokensPerParam),
        flopsPerParamToken: k,
        resamples,
        seed: wholeNumber('--seed', options.seed),
        level: fraction('--level', options.level),
        onProgress: progress.onProgress,
        resource: law.inputs.length === 2 || options.x === undefined ? 'compute' : options.x,
      });
      comparisons.push(comparison);
    } finally {
      progress.stop();
    }
  }

  // 4. Report.
  if (options.json === true) {
    const document = comparisons.length === 1 ? comparisons[0] : { comparisons };
    io.stdout(`${JSON.stringify(document, jsonNumbers, 2)}\n`);
  } else {
    io.stdout(`${comparisons.map(formatComparison).join('\n\n')}\n`);
  }
  return EXIT.ok;
}

/** Parse the one target option given. */
function parseTarget(options: CompareCommandOptions, k: number | null): Target {
  if (options.target !== undefined) {
    const value = parseNumber(options.target);
    if (value === null)
      throw new InputError(
        'invalid-option',
        `--target ${JSON.stringify(options.target)}: expected a number`,
      );
    return { kind: 'level', value };
  }
  if (options.at !== undefined) return { kind: 'at', x: positiveNumber('--at', options.at) };
  const spec = options.refPoint!;
  const pairs = new Map<string, number>();
  for (const part of spec.split(',')) {
    const match = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(part);
    const value = match === null ? null : parseNumber(match[2]!);
    if (match === null || value === null) {
      throw new InputError(
        'invalid-option',
        `--ref-point ${JSON.stringify(spec)}: cannot read ${JSON.stringify(part)}; expected ` +
          'KEY=NUMBER pairs such as "C=2.2e24,loss=1.95"',
      );
    }
    pairs.set(match[1]!, value);
  }
  const resourceKeys = ['C', 'x', 'N', 'D'];
  const metric = [...pairs.keys()].filter((key) => !resourceKeys.includes(key));
  let x = pairs.get('C') ?? pairs.get('x');
  if (x === undefined && k !== null && pairs.has('N') && pairs.has('D'))
    x = k * pairs.get('N')! * pairs.get('D')!;
  if (x === undefined || metric.length !== 1) {
    throw new InputError(
      'invalid-option',
      `--ref-point ${JSON.stringify(spec)}: expected the resource (C=..., or N=... and D=...) ` +
        'and one metric value such as loss=1.95',
    );
  }
  return { kind: 'ref-point', x, y: pairs.get(metric[0]!)! };
}

/** "A:B:n" to n evenly spaced levels. */
function parseRange(text: string): number[] {
  const parts = text.split(':').map((part) => parseNumber(part));
  const [from, to, count] = parts;
  if (
    parts.length !== 3 ||
    from == null ||
    to == null ||
    count == null ||
    !Number.isInteger(count) ||
    count < 2
  ) {
    throw new InputError(
      'invalid-option',
      `--targets ${JSON.stringify(text)}: expected FROM:TO:COUNT such as 2.0:2.4:5`,
    );
  }
  positiveInteger('--targets count', String(count));
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}

/** The quotable sentence first, then the details. */
export function formatComparison(comparison: Comparison): string {
  const lines = [comparison.sentence.charAt(0).toUpperCase() + comparison.sentence.slice(1) + '.'];
  lines.push(
    `  target level ${significant(comparison.target.level, 6)}; compute to reach it: ` +
      `${comparison.ref.group} ${significant(comparison.ref.C!, 4)}, ` +
      `${comparison.new.group} ${significant(comparison.new.C!, 4)}`,
  );
  if (comparison.interval !== null && comparison.bootstrap !== null) {
    const b = comparison.bootstrap;
    const failed = Object.entries(b.failures)
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    lines.push(
      `  interval: ${Math.round(comparison.level * 100)}% ` +
        `${comparison.intervalMethod === 'bca' ? 'BCa' : 'percentile'} bootstrap, ${b.resamples} ` +
        `resamples (seed ${b.seed}), ${b.used} used${failed === '' ? '' : `; ${failed}`}`,
    );
  } else {
    lines.push('  no interval: pass --bootstrap N for one');
  }
  if (comparison.shared !== null)
    lines.push(`  joint fit with ${comparison.shared.join(', ')} shared`);
  if (comparison.dependsOnTarget !== null) {
    lines.push(
      comparison.dependsOnTarget
        ? '  M depends on the target level (the curves differ in exponent or floor); see --targets'
        : '  M is the same at every target level within the data',
    );
  }
  for (const value of comparison.across) {
    const m =
      value.multiplier === null
        ? `unreachable (${value.reason})`
        : `${significant(value.multiplier, 4)}x`;
    lines.push(`  at level ${significant(value.level, 6)}: M = ${m}`);
  }
  for (const fit of comparison.fits) {
    const params = Object.entries(fit.params)
      .map(([name, value]) => `${name}=${significant(value, 5)}`)
      .join(', ');
    lines.push(`  ${fit.group}: ${fit.status}, ${fit.points} runs, ${params}`);
  }
  return lines.join('\n');
}
