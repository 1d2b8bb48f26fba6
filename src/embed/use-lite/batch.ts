/**
 * USE-lite's graph input and output, shared by the TF.js and ONNX runtimes: rows of token ids packed as
 * the sparse `indices`/`values` pair the graph was exported with, and its output split into vectors.
 */
import { normalizeInPlace } from '../embedder.ts';
import { CrisisDeskError } from '../../errors.ts';

/** Placeholder row that keeps a trailing empty text in the batch (see packSparse). */
const SENTINEL_ROW: readonly number[] = [6];

/** The graph's sparse input: `indices` holds [row, position] pairs, `values` the token ids. */
export interface SparseBatch {
  indices: Int32Array;
  values: Int32Array;
  /** Tokens in the batch. */
  total: number;
  /** Rows the graph will return (may include a sentinel after `rows.length`). */
  rowCount: number;
}

/**
 * Packs token-id rows into the graph's sparse inputs. The graph infers the batch size from the largest row
 * index, so a trailing row without tokens (the empty string) would vanish; a one-token sentinel row after
 * it keeps it, and its output is dropped. Rows are independent: a row's vector does not depend on what
 * else is in the batch.
 */
export function packSparse(rows: readonly (readonly number[])[]): SparseBatch {
  const padded = rows.length > 0 && rows[rows.length - 1]!.length === 0 ? [...rows, SENTINEL_ROW] : rows;
  let total = 0;
  for (const r of padded) total += r.length;
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let k = 0;
  padded.forEach((row, i) => {
    row.forEach((id, j) => {
      indices[2 * k] = i;
      indices[2 * k + 1] = j;
      values[k] = id;
      k++;
    });
  });
  return { indices, values, total, rowCount: padded.length };
}

/** Splits the graph's [rows × 512] output into unit vectors, one per requested row. */
export function unpackVectors(
  data: Float32Array,
  batch: SparseBatch,
  wanted: number,
  d: number,
): Float32Array[] {
  if (data.length !== batch.rowCount * d) {
    throw new CrisisDeskError(
      'ModelError',
      `use-lite: expected ${batch.rowCount} × ${d} output values, got ${data.length}`,
    );
  }
  return Array.from({ length: wanted }, (_, i) => normalizeInPlace(data.slice(i * d, (i + 1) * d)));
}
