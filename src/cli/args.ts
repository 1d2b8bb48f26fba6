/**
 * A command's arguments and its `--help`, declared once: `defineCommand` takes the usage lines, a summary and the
 * options (each with its help), and gives back the help text and a strict parser built on node:util parseArgs.
 * Unknown options and bad values are UsageErrors (exit 2) that name the flag, what was expected and what arrived.
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { CrisisDeskError } from '../errors.ts';

export class UsageError extends CrisisDeskError {
  constructor(message: string) {
    super('UsageError', message);
  }
}

/** A flag that takes no value: true when given. */
interface BooleanSpec {
  type: 'boolean';
  help: string;
}

/** A flag with one value (the last one given wins), read by `parse` when given (a day, an integer, …). */
interface StringSpec {
  type: 'string';
  /** The value's name in the help (`N`, `D`, `<file>`). */
  value: string;
  help: string;
  /** Checks and converts the text; throws a UsageError naming `flag` when it does not fit. Default: the text. */
  parse?: (text: string, flag: string) => unknown;
  /** What the command gets when the flag is absent; the help says it. */
  default?: unknown;
  /** An error naming the flag when it is absent. */
  required?: true;
  /** A whole flag as an example, for the help and the error of a missing required flag. */
  example?: string;
}

/** A flag with every value up to the next flag (`--qa a.jsonl b.jsonl`), repeatable; [] when absent. */
interface ListSpec {
  type: 'list';
  value: string;
  help: string;
  /** What the values are, in the error for none (`paths`, `URLs`). */
  noun: string;
}

export type OptionSpec = BooleanSpec | StringSpec | ListSpec;
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ParsedValue<S> = S extends { parse: (text: string, flag: string) => infer T } ? T : string;

/** What the command reads for an option: given or not, a boolean is a boolean and a list a list. */
export type ValueOf<S> = S extends BooleanSpec
  ? boolean
  : S extends ListSpec
    ? string[]
    : S extends { required: true } | { default: unknown }
      ? ParsedValue<S>
      : ParsedValue<S> | undefined;

export interface Args<O extends OptionSpecs> {
  values: { -readonly [K in keyof O]: ValueOf<O[K]> };
  positionals: string[];
}

export interface CommandSpec<O extends OptionSpecs> {
  /** The synopsis, one line a form: `npm run ask -- "question" [--k N] …`. */
  usage: readonly string[];
  /** What the command does, before the options. */
  summary: string;
  options: O;
  /** Lines after the options (settings that change what the command does). */
  notes?: string;
}

export interface Command<O extends OptionSpecs> {
  /** What `--help` prints. */
  readonly help: string;
  parse(argv: readonly string[]): Args<O>;
}

export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): Command<O> {
  return { help: helpText(spec), parse: (argv) => parseOptions(spec.options, argv) };
}

/** Where the help of an option starts: the width of `  --data-dir D   `. */
const HELP_COLUMN = 19;

function helpText(spec: CommandSpec<OptionSpecs>): string {
  const lines = [...spec.usage, '', spec.summary];
  for (const [name, option] of Object.entries(spec.options)) {
    const flag = `  --${name}${option.type === 'boolean' ? '' : ` ${option.value}`}`;
    const shown =
      option.type === 'string' && option.default !== undefined
        ? `${option.help} (default ${String(option.default)})`
        : option.help;
    const indented = shown.split('\n').map((line) => `${' '.repeat(HELP_COLUMN)}${line}`);
    // A flag wider than the column gets a line of its own.
    if (flag.length < HELP_COLUMN) indented[0] = flag.padEnd(HELP_COLUMN) + indented[0]!.trimStart();
    else indented.unshift(flag);
    lines.push(...indented);
  }
  if (spec.notes !== undefined) lines.push(spec.notes);
  return lines.join('\n');
}

type Raw = Record<string, string | true | string[]>;

function parseOptions<O extends OptionSpecs>(options: O, argv: readonly string[]): Args<O> {
  const { raw, positionals } = readTokens(options, argv);
  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(options)) {
    const given = raw[name];
    if (option.type === 'boolean') values[name] = given === true;
    else if (option.type === 'list') values[name] = given ?? [];
    else if (typeof given === 'string')
      values[name] = option.parse ? option.parse(given, `--${name}`) : given;
    else if (option.required) throw new UsageError(missing(name, option));
    else values[name] = option.default;
  }
  return { values: values as Args<O>['values'], positionals };
}

function missing(name: string, option: StringSpec): string {
  return `expected --${name} ${option.value}${option.example ? `, e.g. ${option.example}` : ''}`;
}

/**
 * Walks node's tokens (not strict: the messages are ours). An argument with one dash (`-5`, a file named `-x`) is a
 * positional, as no command has short options; a list option takes the positionals after it until the next flag.
 */
function readTokens(options: OptionSpecs, argv: readonly string[]): { raw: Raw; positionals: string[] } {
  const config: ParseArgsConfig['options'] = {};
  for (const [name, option] of Object.entries(options))
    config[name] = option.type === 'boolean' ? { type: 'boolean' } : { type: 'string' };
  const args = [...argv];
  const { tokens } = nodeParseArgs({
    args,
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const raw: Raw = {};
  const positionals: string[] = [];
  let list: string[] | null = null;
  let shortAt = -1;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      list = null;
    } else if (token.kind === 'positional') {
      (list ?? positionals).push(token.value);
    } else if (!token.rawName.startsWith('--')) {
      // Node reads `-k5` or `-k 5` as a short option (and a group `-abc` as three): put back what was written.
      if (token.index === shortAt) continue;
      shortAt = token.index;
      (list ?? positionals).push(args[token.index]!);
      if (token.value !== undefined && token.inlineValue === false)
        (list ?? positionals).push(args[token.index + 1]!);
    } else {
      list = null;
      // Own keys only: `--constructor` is no option.
      const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
      if (!option) {
        const known = Object.keys(options).map((f) => `--${f}`);
        throw new UsageError(
          `unknown option ${token.rawName}; expected ${known.length ? `one of ${known.join(', ')}` : 'no options'} (or --help)`,
        );
      }
      const { value } = token;
      if (option.type === 'boolean') {
        if (value !== undefined)
          throw new UsageError(`${token.rawName}: expected no value, got ${JSON.stringify(value)}`);
        raw[token.name] = true;
        continue;
      }
      // `--k --json`: node takes `--json` as the value; a value that starts with `--` must be written `--k=--x`.
      const absent = value === undefined || (token.inlineValue !== true && value.startsWith('--'));
      if (option.type === 'string') {
        if (absent) throw new UsageError(`${token.rawName} expects a value`);
        raw[token.name] = value;
        continue;
      }
      if (absent) throw new UsageError(`${token.rawName} expects one or more ${option.noun}`);
      const values = (raw[token.name] ??= []) as string[];
      values.push(value);
      if (token.inlineValue !== true) list = values;
    }
  }
  return { raw, positionals };
}
