/**
 * Structured logs for the service: one JSON object per line on stderr ({time, level, msg, …fields}), for log
 * shippers. Secrets it was given (the bearer token) are replaced wherever they appear; request logs never
 * include headers at all.
 */
import type { LogLevel } from '../config.ts';

export type LogFields = Record<string, unknown>;

export interface JsonLogger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function createJsonLogger(
  options: {
    level?: LogLevel;
    secrets?: readonly string[];
    write?: (line: string) => void;
    now?: () => Date;
  } = {},
): JsonLogger {
  const threshold = ORDER[options.level ?? 'info'];
  const secrets = (options.secrets ?? []).filter((s) => s.length > 0);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (ORDER[level] < threshold) return;
    let line = JSON.stringify({ time: now().toISOString(), level, msg, ...fields }, (_k, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message } : v,
    );
    for (const secret of secrets) line = line.split(secret).join('[redacted]');
    write(line);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}
