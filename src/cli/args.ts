/** A small, strict argument parser: unknown flags and missing values are errors that say what was expected. */
import path from 'node:path';
import { debugRequested } from '../config.ts';
import { escapeControls } from '../terminal.ts';
import { CrisisDeskError, exitClassOf, exitCodeOf, userLine } from '../errors.ts';
import { USAGE, wantsHelp } from './usage.ts';

export interface FlagSpec {
  /** `string` takes a value, `boolean` does not. */
  [flag: string]: 'string' | 'boolean';
}

export interface Parsed {
  flags: Record<string, string | boolean | undefined>;
  positional: string[];
}

export class UsageError extends CrisisDeskError {
  constructor(message: string) {
    super('UsageError', message);
  }
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): Parsed {
  const flags: Parsed['flags'] = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = spec[name];
    if (!kind)
      throw new UsageError(
        `unknown option --${name}; expected one of ${Object.keys(spec)
          .map((f) => `--${f}`)
          .join(', ')} (or --help)`,
      );
    if (kind === 'boolean') {
      flags[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} expects a value`);
    }
    flags[name] = value;
  }
  return { flags, positional };
}

/**
 * Takes `--name path…` out of `argv` (every value up to the next flag) and returns the values; [] when the flag is
 * absent. Done before parseArgs, which knows one value per flag.
 */
export function takeListFlag(argv: string[], name: string): string[] {
  const at = argv.indexOf(`--${name}`);
  if (at < 0) return [];
  let end = at + 1;
  while (end < argv.length && !argv[end]!.startsWith('--')) end++;
  const values = argv.slice(at + 1, end);
  argv.splice(at, end - at);
  if (values.length === 0) throw new UsageError(`--${name} expects one or more paths`);
  return values;
}

export function intFlag(
  value: string | boolean | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(
      `--${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

export function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The --source, --after and --before flags that ask and timeline share (the engine checks their values). */
export function filterFlags(flags: Record<string, string | boolean | undefined>): {
  source?: string;
  after?: string;
  before?: string;
} {
  const filters: { source?: string; after?: string; before?: string } = {};
  for (const key of ['source', 'after', 'before'] as const) {
    const value = stringFlag(flags[key]);
    if (value !== undefined) filters[key] = value;
  }
  return filters;
}

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

/**
 * Runs a CLI main. `--help` prints the command's usage and exits 0. Any error prints one line, control
 * characters escaped, and exits as its exit class says (src/errors.ts): the user's errors 2, anything else 1, with a
 * hint for an internal one. The stack trace is printed only
 * with LOG_LEVEL=debug. A reader that closes the output early ends the command quietly with exit 0.
 */
export interface RunOptions {
  /** A long-running service: a closed output is ignored rather than ending the process. Default false. */
  service?: boolean;
}

export function runMain(main: () => Promise<void>, options: RunOptions = {}): void {
  endQuietlyWhenOutputCloses(options);
  // dist/src/cli/ask.js (npm run build) has the usage of src/cli/ask.ts.
  const usage = USAGE[path.basename(process.argv[1] ?? '').replace(/\.js$/, '.ts')];
  if (usage && wantsHelp(process.argv.slice(2))) {
    console.log(usage);
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
