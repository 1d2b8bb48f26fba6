/**
 * Process-level safety for the bot: SIGINT/SIGTERM stop it gracefully and exit 0; a second signal exits at
 * once; stray promise rejections are logged instead of killing a bot that is otherwise fine.
 */
import type { Logger } from './logger.ts';

export interface LifecycleOptions {
  stop: () => Promise<void>;
  logger: Logger;
  /** Injected for tests. Default: process.exit. */
  exit?: (code: number) => void;
  /** Default: the current process. */
  target?: NodeJS.EventEmitter;
}

export function installLifecycle(options: LifecycleOptions): void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const target = options.target ?? process;
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) {
      logger.warn(`crisis-desk: ${signal} again during shutdown; exiting now`);
      exit(1);
      return;
    }
    stopping = true;
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
