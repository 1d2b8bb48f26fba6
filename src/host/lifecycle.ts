/**
 * Process-level safety for the bot and the service: SIGINT/SIGTERM stop it gracefully and exit 0; a second
 * signal exits at once; stray promise rejections are logged instead of killing a process that is otherwise fine.
 *
 * "Second" means one sent later by someone who meant it: a signal to the process group reaches npm and this
 * process together, and npm forwards its copy, so one stop request can arrive twice within milliseconds.
 * Copies within `repeatWindowMs` of the first are the same request, or they would cut the in-flight work the
 * first one is draining.
 */

/** The lines it writes; the Logger of src/log.ts fits. */
export interface LifecycleLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LifecycleOptions {
  stop: () => Promise<void>;
  logger: LifecycleLogger;
  /** Injected for tests. Default: process.exit. */
  exit?: (code: number) => void;
  /** Default: the current process. */
  target?: NodeJS.EventEmitter;
  /** Signals this soon after the first are copies of it, not a second request. Default 1000 ms. */
  repeatWindowMs?: number;
  now?: () => number;
}

export function installLifecycle(options: LifecycleOptions): void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const target = options.target ?? process;
  const now = options.now ?? (() => performance.now());
  const window = options.repeatWindowMs ?? 1000;
  let stopping = false;
  let firstAt = 0;
  const onSignal = (signal: string): void => {
    if (stopping && now() - firstAt < window) return;
    if (stopping) {
      logger.warn(`crisis-desk: ${signal} again during shutdown; exiting now`);
      exit(1);
      return;
    }
    stopping = true;
    firstAt = now();
    logger.info(`crisis-desk: ${signal} received; finishing in-flight replies and closing the gateway`);
    options.stop().then(
      () => exit(0),
      (error: unknown) => {
        logger.error('crisis-desk: shutdown failed', { error });
        exit(1);
      },
    );
  };
  target.on('SIGINT', () => onSignal('SIGINT'));
  target.on('SIGTERM', () => onSignal('SIGTERM'));
  target.on('unhandledRejection', (reason: unknown) =>
    logger.error('crisis-desk: unhandled rejection', { error: reason }),
  );
}
