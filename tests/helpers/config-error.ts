/** The message of the ConfigError that `load` throws; fails the test when it throws nothing or something else. */
import { expect } from 'vitest';
import { ConfigError } from '../../src/config.ts';

export function configErrorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}
