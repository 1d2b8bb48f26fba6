/** Running a command: `--help`, one line per error with its exit code, and a quiet end when the reader goes away. */
import { debugRequested } from '../config.ts';
import { exitClassOf, exitCodeOf, userLine } from '../errors.ts';
import { escapeControls } from '../terminal.ts';
import type { Args, Command, OptionSpecs } from './args.ts';

/** Pipe errors that mean the reader is gone: `| head -2` took what it wanted. */
const CLOSED_OUTPUT = new Set(['EPIPE', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/**
 * Ends the process with exit 0, silently, when stdout's reader has gone (`npm run sources | head -2`), as `cat`
 * does: nothing more can be shown, and an `Error: write EPIPE` stack would only bury the lines that were read.
 * Writes to a closed pipe fail on the stream, not in the code that wrote, so this listens on the streams.
 */
export function endQuietlyWhenOutputCloses(options: RunOptions = {}): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== undefined && CLOSED_OUTPUT.has(error.code)) {
        // A service (the bot, the search service) keeps serving its users; only its own lines are lost.
        if (options.service === true) return;
        process.exit(0);
      }
      // Anything else on an output stream (a full disk behind a redirect) is a failure to report as before.
      throw error;
    });
  }
}

export interface RunOptions {
  /** A long-running service: a closed output is ignored rather than ending the process. Default false. */
  service?: boolean;
  /** What `--help` (or `-h`) prints instead of running main; without it, main runs. */
  help?: string;
}

/**
 * Runs a CLI main. With `help`, `--help` prints it and exits 0. Any error prints one line, control characters
 * escaped, and exits as its exit class says (src/errors.ts): the user's errors 2, anything else 1, with a hint for an
 * internal one. The stack trace is printed only with LOG_LEVEL=debug. A reader that closes the output early ends
 * the command quietly with exit 0.
 */
export function runMain(main: () => Promise<void>, options: RunOptions = {}): void {
  endQuietlyWhenOutputCloses(options);
  if (options.help !== undefined && wantsHelp(process.argv.slice(2))) {
    console.log(options.help);
    return;
  }
  main().catch((error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    if (CLOSED_OUTPUT.has((e as NodeJS.ErrnoException).code ?? '')) return void (process.exitCode = 0);
    const exit = exitClassOf(e);
    const hint = exit !== 'internal' || debugRequested() ? '' : ' (LOG_LEVEL=debug shows where)';
    console.error(escapeControls(`error: ${userLine(e)}${hint}`));
    if (debugRequested() && e.stack) console.error(e.stack);
    process.exitCode = exitCodeOf(exit);
  });
}

/**
 * Runs a command's main with its parsed arguments: `--help` prints the command's help and exits 0 without running
 * it; an argument that does not fit is a one-line usage error (exit 2), as runMain prints every error.
 */
export function runCommand<O extends OptionSpecs>(
  command: Command<O>,
  main: (args: Args<O>) => Promise<void>,
  options: RunOptions = {},
): void {
  runMain(async () => main(command.parse(process.argv.slice(2))), { ...options, help: command.help });
}

/** True when the arguments ask for help (`--help` or `-h` before a `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}
