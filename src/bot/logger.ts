/**
 * A small leveled logger for the bot. Lines go to stderr as `time LEVEL message {fields}`; every secret the
 * logger was given (the bot token) is replaced before a line is written, so a token that slips into an error
 * message or a stack never reaches a log, and control characters are escaped, so a line is one line.
 */
import type { LogLevel } from '../config.ts';
import { escapeControls } from '../terminal.ts';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
  /** Strings to redact wherever they appear (the bot token). Empty strings are ignored. */
  secrets?: readonly string[];
  /** Where a finished line goes. Default: `console.error`, so stdout stays free for CLI output. */
  write?: (line: string, level: LogLevel) => void;
  now?: () => Date;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const write = options.write ?? ((line: string) => console.error(line));
  const now = options.now ?? (() => new Date());

  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < threshold) return;
    const tail = fields === undefined ? '' : ` ${JSON.stringify(fields, serializeErrors)}`;
    let line = `${now().toISOString()} ${level.toUpperCase()} ${message}${tail}`;
    for (const secret of secrets) line = line.split(secret).join('[redacted]');
    // One line per entry, and nothing a terminal would obey (an article title can hold escape sequences).
    write(escapeControls(line), level);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

/** JSON.stringify drops an Error's message and stack (they are not enumerable); keep them. */
function serializeErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A logger that keeps its lines in memory: for tests and for the CLI's quiet mode. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level, write: (line) => lines.push(line) }), { lines });
}
