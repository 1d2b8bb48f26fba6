/** A small, strict argument parser: unknown flags and missing values are errors that say what was expected. */

export interface FlagSpec {
  /** `string` takes a value, `boolean` does not. */
  [flag: string]: 'string' | 'boolean';
}

export interface Parsed {
  flags: Record<string, string | boolean | undefined>;
  positional: string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
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
    if (!kind) throw new UsageError(`unknown option --${name}; expected one of ${Object.keys(spec).map((f) => `--${f}`).join(', ')}`);
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

export function intFlag(value: string | boolean | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export function stringFlag(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Runs a CLI main: usage and input errors print one line and exit 2; anything else exits 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const e = error as Error;
    const expected = e.name === 'UsageError' || e.name === 'AskInputError' || e.name === 'ConfigError' || e.name === 'IndexUnusableError';
    console.error(expected ? `error: ${e.message.replace(/^crisis-desk: /, '')}` : e.stack ?? String(e));
    process.exitCode = expected ? 2 : 1;
  });
}
