/**
 * One error model, as Orama's errors.ts keeps one table. Every error the product throws on purpose is a
 * CrisisDeskError: its `name` is a stable code from ERRORS, the table says how the CLI ends for it (its exit class)
 * and whether its message carries the library prefix, and the message is built once, here. The CLI prints an
 * error as `error: <line>`; the bot answers an input error's `<line>` ephemerally: the same words on both.
 *
 * The code is the `name`, not a `code` property: `code` stays Node's errno convention (`EPIPE`, `ENOSPC`), and a
 * name survives a worker or service boundary, where `instanceof` would not hold.
 */

/**
 * How a command ends for an error. `user`: the user's to fix (an argument, a setting, a path, the index folder),
 * exit 2. `environment`: the surroundings (a full disk, no network, a database away), exit 1, and the message says
 * all there is to say. `internal`: anything else, exit 1, with a hint that LOG_LEVEL=debug shows where.
 */
export type ExitClass = 'user' | 'environment' | 'internal';

/** What the table holds for one code. */
export interface ErrorKind {
  exit: ExitClass;
  /** Whether the message starts with PREFIX (errors shown inside another message, or per feed, do not). */
  prefixed: boolean;
  /** An input error: the bot shows its line to the member who asked, instead of apologising. Default false. */
  input?: true;
}

/** The library prefix of a message read outside the project (a log, a stack, an embedding program). */
export const PREFIX = 'crisis-desk: ';

/** Every code, its exit class and its prefix: the one place that decides how an error ends a command. */
export const ERRORS = {
  // The user's to fix: exit 2.
  UsageError: { exit: 'user', prefixed: false },
  AskInputError: { exit: 'user', prefixed: true, input: true },
  WatchLimitError: { exit: 'user', prefixed: true, input: true },
  ConfigError: { exit: 'user', prefixed: true },
  IndexUnusableError: { exit: 'user', prefixed: true },
  DataDirError: { exit: 'user', prefixed: true },
  NothingToIndexError: { exit: 'user', prefixed: true },
  StateDbError: { exit: 'user', prefixed: true },
  ReaderUnavailableError: { exit: 'user', prefixed: true },
  ReindexElsewhereError: { exit: 'user', prefixed: true },
  DatabaseSetupError: { exit: 'user', prefixed: true },
  // The surroundings: exit 1, no hint.
  IndexWriteError: { exit: 'environment', prefixed: true },
  DiscordUnreachableError: { exit: 'environment', prefixed: true },
  DevDependencyError: { exit: 'environment', prefixed: true },
  ReindexBusyError: { exit: 'environment', prefixed: true },
  CommunityUnavailableError: { exit: 'environment', prefixed: true },
  SearchUnavailableError: { exit: 'environment', prefixed: true },
  SearchServiceError: { exit: 'environment', prefixed: true },
  HttpError: { exit: 'environment', prefixed: false },
  FeedParseError: { exit: 'environment', prefixed: false },
  UnusablePageError: { exit: 'environment', prefixed: false },
  RefusedAddressError: { exit: 'environment', prefixed: false },
  AttemptError: { exit: 'environment', prefixed: false },
  SourceFailure: { exit: 'environment', prefixed: false },
  ZipError: { exit: 'environment', prefixed: true },
  // Today these end with the LOG_LEVEL=debug hint, as anything unexpected does.
  PgStoreError: { exit: 'internal', prefixed: true },
  ModelFetchError: { exit: 'internal', prefixed: true },
  AliasFileError: { exit: 'internal', prefixed: false },
  /**
   * A file read from outside (outlets.json, an eval set, a JSON state file, watches, the member-hash key, an HNSW
   * file) does not parse or does not hold what was expected.
   */
  DataFileError: { exit: 'internal', prefixed: true },
  /** A model (embedder or reader) is not in its folder, does not load, or answers in a shape it should not. */
  ModelError: { exit: 'internal', prefixed: true },
  /** An option passed in code is out of its range (settings are checked before, as ConfigError). */
  OptionError: { exit: 'internal', prefixed: true },
  /**
   * A file of an index generation (manifest.json, the windows, the vectors, the HNSW graph) that does not parse,
   * fit its manifest or match its checksum. Unprefixed: it is read inside IndexUnusableError's `is damaged (…)`.
   */
  IndexFileError: { exit: 'internal', prefixed: false },
  /** An embedder, reader or pool used after close. */
  ClosedError: { exit: 'internal', prefixed: true },
  /** A fit (the reader blend, a logistic model) cannot be made or updated from what it was given. */
  FitError: { exit: 'internal', prefixed: true },
  /** A bench found nothing to measure, or one of its child processes failed or ended without its answer. */
  BenchError: { exit: 'internal', prefixed: true },
  /** A worker thread that did not start, died, or answered other than it should. */
  WorkerError: { exit: 'internal', prefixed: true },
  /** A generation name that is not `gen-…`, refused before it is quoted into SQL. */
  GenerationNameError: { exit: 'internal', prefixed: false },
  /**
   * What should not happen: an invariant broke, a part was used against its contract, or a library or service
   * answered against its own (a bug to report).
   */
  InvariantError: { exit: 'internal', prefixed: true },
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERRORS;

/** The base of every error the product throws on purpose. `line` is the message as a person reads it. */
export class CrisisDeskError extends Error {
  declare readonly name: ErrorCode;

  constructor(code: ErrorCode, line: string, options?: ErrorOptions) {
    super(ERRORS[code].prefixed ? `${PREFIX}${line}` : line, options);
    this.name = code;
  }

  /** The message without PREFIX: what the CLI prints after `error: ` and the bot shows (a getter: no own field). */
  get line(): string {
    return ERRORS[this.name].prefixed ? withoutPrefix(this.message) : this.message;
  }

  get exitClass(): ExitClass {
    return ERRORS[this.name].exit;
  }
}

function kindOf(error: unknown): ErrorKind | undefined {
  if (!(error instanceof Error) || !Object.hasOwn(ERRORS, error.name)) return undefined;
  return ERRORS[error.name as ErrorCode];
}

/** A message without PREFIX: the one place it is taken off (for messages that crossed a worker or the service). */
export function withoutPrefix(message: string): string {
  return message.startsWith(PREFIX) ? message.slice(PREFIX.length) : message;
}

/** The message as the user reads it: without the library prefix (the bot's `plain` also folds it onto one line). */
export function userLine(error: Error): string {
  return error instanceof CrisisDeskError ? error.line : withoutPrefix(error.message);
}

/** How a command ends for `error`, by its code (also for an error rebuilt from a name); `internal` for the rest. */
export function exitClassOf(error: unknown): ExitClass {
  return kindOf(error)?.exit ?? 'internal';
}

/** The exit status for an exit class: 2 for the user's errors, 1 for the rest. */
export function exitCodeOf(exit: ExitClass): number {
  return exit === 'user' ? 2 : 1;
}

/** Whether `error` is an input error (by its code, so also one rebuilt across a worker or the service). */
export function isInputError(error: unknown): error is Error {
  return kindOf(error)?.input === true;
}

/** The line to show for an input error; null for anything else (an internal failure, to log and apologise for). */
export function inputErrorLine(error: unknown): string | null {
  return isInputError(error) ? userLine(error) : null;
}

// Messages written in more than one room are built here, next to their code: the call sites pass the facts.

/** A JSON file or line that does not parse; `where` is `file` or `file:line`. */
export function malformedJson(where: string, cause: unknown): CrisisDeskError {
  return new CrisisDeskError('DataFileError', `${where}: malformed JSON (${(cause as Error).message})`, {
    cause,
  });
}

/** An integer option below its least value; `what` names it (`reader batchSize`). */
export function integerBelow(what: string, least: number, got: number): CrisisDeskError {
  return new CrisisDeskError('OptionError', `${what}: expected an integer ≥ ${least}, got ${got}`);
}

/** An embedder, reader or pool used after close: `subject` names it (`use-lite pool`), `noun` what it is (`pool`). */
export function usedAfterClose(subject: string, noun: string): CrisisDeskError {
  return new CrisisDeskError('ClosedError', `${subject}: expected an open ${noun}, got a closed one`);
}

/** A worker's file loaded on the main thread; `worker` names it (`search worker`). */
export function notInWorker(worker: string): CrisisDeskError {
  return new CrisisDeskError(
    'InvariantError',
    `${worker}: expected to run in a worker thread, got the main thread`,
  );
}
