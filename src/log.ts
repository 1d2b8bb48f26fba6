/**
 * The one logger of the bot and the search service, in two formats (LOG_FORMAT, read by config.ts):
 * - `text`: `time LEVEL message {fields}`, control characters escaped, so a line is one line on a terminal;
 * - `json`: one object a line, `{time, level, msg, …fields}`, for log shippers.
 * Every secret it was given (the bot token, the service's bearer token) is replaced before a line is written, so
 * a token that slips into an error message or a stack never reaches a log.
 */
import { escapeControls } from './terminal.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Default `text`. */
  format?: LogFormat;
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
  /** Strings to redact wherever they appear. Empty strings are ignored. */
  secrets?: readonly string[];
  /** Where a finished line goes. Default: stderr, so stdout stays free for CLI output. */
  write?: (line: string, level: LogLevel) => void;
  now?: () => Date;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const format = options.format ?? 'text';
  const write =
    options.write ??
    (format === 'json'
      ? (line: string) => process.stderr.write(`${line}\n`)
      : (line: string) => console.error(line));
  const now = options.now ?? (() => new Date());
  const render = format === 'json' ? jsonLine : textLine;

  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < threshold) return;
    let line = render(now(), level, message, fields);
    for (const secret of secrets) line = line.split(secret).join('[redacted]');
    // One line per entry, and nothing a terminal would obey (an article title can hold escape sequences).
    write(format === 'json' ? line : escapeControls(line), level);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

function textLine(time: Date, level: LogLevel, message: string, fields?: LogFields): string {
  const tail = fields === undefined ? '' : ` ${JSON.stringify(fields, textValue)}`;
  return `${time.toISOString()} ${level.toUpperCase()} ${message}${tail}`;
}

/** JSON.stringify drops an Error's message and stack (they are not enumerable); keep them. */
function textValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function jsonLine(time: Date, level: LogLevel, msg: string, fields: LogFields = {}): string {
  // An error's name and message, not its stack: a shipper indexes one line, and the text format keeps stacks.
  return JSON.stringify({ time: time.toISOString(), level, msg, ...fields }, (_k, v: unknown) =>
    v instanceof Error ? { name: v.name, message: v.message } : v,
  );
}

/** A logger that keeps its (text) lines in memory: for tests and for the CLI's quiet mode. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, write: (line) => lines.push(line) }), { lines });
}
