import { Command, CommanderError } from 'commander';

import { FitError, InputError, ScalefitError } from '../errors.ts';
import { addCompareCommand } from './compare-command.ts';
import { addDemoCommand } from './demo-command.ts';
import { addFitCommand } from './fit-command.ts';
import { addOptimalCommand } from './optimal-command.ts';
import { addPassKCommand } from './passk-command.ts';
import { addPhasesCommand } from './phases-command.ts';
import { addPlotCommand } from './plot-command.ts';
import { addRlCommand } from './rl-command.ts';
import { EXIT, type CliIo } from './io.ts';
import { terminalSafe } from './terminal-safe.ts';

/** The package version, kept in step with package.json by a test. */
export const VERSION = '0.1.0';

/**
 * Run the CLI on `argv` (without `node` and the script) and return the exit code. Nothing here
 * calls process.exit or writes to the console directly: output goes through `io`, so tests
 * capture it, and errors become one clear line on stderr, never a stack trace. Control
 * characters from data are escaped on the way out (see terminalSafe).
 */
export async function run(argv: string[], rawIo: CliIo): Promise<number> {
  // Everything printed passes one filter, so no text from data reaches the terminal raw.
  const io: CliIo = {
    stdout: (text) => rawIo.stdout(terminalSafe(text)),
    stderr: (text) => rawIo.stderr(terminalSafe(text)),
  };
  let code: number = EXIT.ok;
  const program = new Command('scalefit')
    .description('Scaling-law fitting and compute-efficiency analysis')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} });
  const setExit = (exit: number) => {
    code = exit;
  };
  addFitCommand(program, io, setExit);
  addCompareCommand(program, io, setExit);
  addOptimalCommand(program, io, setExit);
  addDemoCommand(program, io, setExit);
  addPlotCommand(program, io, setExit);
  addPassKCommand(program, io, setExit);
  addRlCommand(program, io, setExit);
  addPhasesCommand(program, io, setExit);
  for (const command of program.commands) {
    command
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => {} });
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return EXIT.ok; // --help, --version
    io.stderr(`${error.message.replace(/^error: /, 'error: ')}\n`);
    return EXIT.badInput;
  }
  if (error instanceof InputError) {
    io.stderr(`error [${error.code}]: ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof FitError || error instanceof ScalefitError) {
    io.stderr(`error [${error.code}]: ${error.message}\n`);
    return EXIT.noFit;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(
    `error [internal]: ${message}\n` +
      'This is a bug in scalefit; please report it with the command you ran.\n',
  );
  return EXIT.noFit;
}
