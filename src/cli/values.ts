/** Readers of option values for `defineCommand` (src/cli/args.ts): each names the flag, what it expects, what came. */
import { UsageError } from './args.ts';

/** An integer from `min` to `max`. */
export function int(min: number, max: number): (text: string, flag: string) => number {
  return (text, flag) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
    return n;
  };
}

/** Integers of at least `min` (and at most `max`), separated by commas: `5,10,20`. */
export function ints(min: number, max?: number): (text: string, flag: string) => number[] {
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`;
  return list(`integers ${range}`, (n) => Number.isInteger(n) && n >= min && n <= (max ?? Infinity));
}

/** Numbers of at least `min`, separated by commas: `0,0.5,1`. */
export function numbers(min: number): (text: string, flag: string) => number[] {
  return list(`numbers ≥ ${min}`, (n) => Number.isFinite(n) && n >= min);
}

function list(what: string, fits: (n: number) => boolean): (text: string, flag: string) => number[] {
  return (text, flag) => {
    const parts = text.split(',').map((part) => part.trim());
    if (parts.some((part) => part === '' || !fits(Number(part))))
      throw new UsageError(`${flag}: expected ${what} separated by commas, got ${JSON.stringify(text)}`);
    return parts.map(Number);
  };
}
