/**
 * Weighted logistic regression with an L2 penalty, fit by gradient descent on standardized features and
 * returned on the original scale (pure; small enough to read).
 */
import { CrisisDeskError } from '../../errors.ts';

export interface Example {
  x: readonly number[];
  y: 0 | 1;
  /** How much this example counts (e.g. to balance data sets of different sizes). Default 1. */
  weight?: number;
}

export interface LogisticFit {
  weights: number[];
  bias: number;
}

export interface LogisticOptions {
  /** Penalty on the standardized weights. Default 1e-3. */
  l2: number;
  iterations: number;
  learningRate: number;
}

const defaultLogisticOptions: Readonly<LogisticOptions> = Object.freeze({
  l2: 1e-3,
  iterations: 3000,
  learningRate: 0.5,
});

export function fitLogistic(
  examples: readonly Example[],
  options: Partial<LogisticOptions> = {},
): LogisticFit {
  const { l2, iterations, learningRate } = { ...defaultLogisticOptions, ...options };
  if (examples.length === 0)
    throw new CrisisDeskError('FitError', 'fitLogistic: expected at least one example, got none');
  const dims = examples[0]!.x.length;
  if (examples.some((e) => e.x.length !== dims))
    throw new CrisisDeskError('FitError', `fitLogistic: expected ${dims} features in every example`);
  const total = examples.reduce((s, e) => s + (e.weight ?? 1), 0);
  // Standardize so one learning rate suits every feature.
  const mean = Array.from(
    { length: dims },
    (_, j) => examples.reduce((s, e) => s + (e.weight ?? 1) * e.x[j]!, 0) / total,
  );
  const sd = Array.from({ length: dims }, (_, j) => {
    const v = examples.reduce((s, e) => s + (e.weight ?? 1) * (e.x[j]! - mean[j]!) ** 2, 0) / total;
    return Math.sqrt(v) || 1;
  });
  const z = examples.map((e) => e.x.map((v, j) => (v - mean[j]!) / sd[j]!));
  const w = new Array<number>(dims).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const gw = new Array<number>(dims).fill(0);
    let gb = 0;
    examples.forEach((e, i) => {
      const xi = z[i]!;
      let s = b;
      for (let j = 0; j < dims; j++) s += w[j]! * xi[j]!;
      const err = (1 / (1 + Math.exp(-s)) - e.y) * (e.weight ?? 1);
      for (let j = 0; j < dims; j++) gw[j]! += err * xi[j]!;
      gb += err;
    });
    for (let j = 0; j < dims; j++) w[j]! -= learningRate * (gw[j]! / total + l2 * w[j]!);
    b -= learningRate * (gb / total);
  }
  // Back to the original scale: w·(x − mean)/sd + b.
  const weights = w.map((wj, j) => wj / sd[j]!);
  const bias = b - w.reduce((s, wj, j) => s + (wj * mean[j]!) / sd[j]!, 0);
  return { weights, bias };
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** Confusion counts of "p ≥ threshold" against labels. */
export function confusion(scored: readonly { p: number; y: 0 | 1 }[], threshold: number): Counts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const { p, y } of scored) {
    const yes = p >= threshold;
    if (yes && y) c.tp++;
    else if (yes) c.fp++;
    else if (y) c.fn++;
    else c.tn++;
  }
  return c;
}

export function precision(c: Counts): number {
  return c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
}

export function recall(c: Counts): number {
  return c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
}

/** F-beta: beta < 1 weighs precision more (a wrong answer costs more than a refusal). */
export function fBeta(c: Counts, beta: number): number {
  const p = precision(c);
  const r = recall(c);
  return p + r === 0 ? 0 : ((1 + beta * beta) * p * r) / (beta * beta * p + r);
}
