/**
 * USE-lite on onnxruntime-node: the bundled TF.js graph is converted to ONNX in memory (see tf-to-onnx/)
 * and run by ONNX Runtime's native CPU kernels, which are several times faster than TF.js's wasm backend
 * and can use more than one thread. The inputs stay the graph's own sparse ids, so tokenization and
 * truncation are shared with the TF.js path and the vectors agree with it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { convertTfGraphToOnnx } from './tf-to-onnx/convert.ts';
import { readTfjsGraph } from './tf-to-onnx/tf-model.ts';
import { packSparse, unpackVectors } from './batch.ts';
import { type UseLiteRunner, USE_LITE_DIMENSIONS, useLiteModelFiles } from './model.ts';
import { CrisisDeskError, integerBelow } from '../../errors.ts';

const require = createRequire(import.meta.url);

/** Bump when the converter's output changes, so cached models are rebuilt. */
const CONVERTER_VERSION = 1;

export interface UseLiteOnnxOptions {
  /** ONNX Runtime intra-op threads. Default 1 (indexing runs one worker per core instead). */
  threads?: number;
  /** Folder to cache the converted model in; default: convert on every load. */
  cacheDir?: string;
}

/** Timings of the last load, for benchmarks. */
export interface OnnxLoadReport {
  convertMs: number;
  sessionMs: number;
  fromCache: boolean;
}

export async function loadOnnxUseLite(
  options: UseLiteOnnxOptions = {},
): Promise<UseLiteRunner & { load: OnnxLoadReport }> {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) {
    throw integerBelow('use-lite onnx threads', 1, threads);
  }
  const t0 = performance.now();
  const { bytes, fromCache } = await onnxModelBytes(options.cacheDir);
  const t1 = performance.now();
  const ort = require('onnxruntime-node') as typeof Ort;
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    // Spinning pool threads steal the core from whatever else runs (other workers, other processes); on a
    // shared 2-core machine 2 threads measured 7.6–8.3 ms/window without spinning and 9.5–11 with it.
    ...(threads > 1 ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
  });
  const load = { convertMs: t1 - t0, sessionMs: performance.now() - t1, fromCache };
  const output = session.outputNames[0];
  if (!output) throw new CrisisDeskError('ModelError', 'use-lite onnx: expected one model output, got none');

  return {
    name: `onnxruntime-cpu-${threads}t`,
    load,
    async run(rows) {
      if (rows.length === 0) return [];
      const batch = packSparse(rows);
      const feeds = {
        indices: new ort.Tensor('int32', batch.indices, [batch.total, 2]),
        values: new ort.Tensor('int32', batch.values, [batch.total]),
      };
      const result = await session.run(feeds);
      const tensor = result[output];
      if (!tensor || !(tensor.data instanceof Float32Array)) {
        throw new CrisisDeskError('ModelError', 'use-lite onnx: expected a float32 output, got another type');
      }
      const vectors = unpackVectors(tensor.data, batch, rows.length, USE_LITE_DIMENSIONS);
      tensor.dispose();
      return vectors;
    },
    close: () => session.release(),
  };
}

/** The converted model: from the cache when it holds this model and converter version, else converted now. */
async function onnxModelBytes(
  cacheDir: string | undefined,
): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  const { modelJson } = useLiteModelFiles();
  const convert = async (): Promise<Uint8Array> =>
    convertTfGraphToOnnx(await readTfjsGraph(modelJson), {
      inputDims: { indices: ['tokens', 2], values: ['tokens'] },
      outputDims: ['rows', USE_LITE_DIMENSIONS],
      producer: `crisis-desk use-lite converter v${CONVERTER_VERSION}`,
    });
  if (cacheDir === undefined) return { bytes: await convert(), fromCache: false };

  const digest = createHash('sha256')
    .update(await readFile(modelJson))
    .digest('hex')
    .slice(0, 16);
  const file = path.join(cacheDir, `use-lite-${digest}-v${CONVERTER_VERSION}.onnx`);
  try {
    return { bytes: await readFile(file), fromCache: true };
  } catch {
    const bytes = await convert();
    await mkdir(cacheDir, { recursive: true });
    // Write then rename, so a concurrent reader (another worker) never sees half a file.
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
    return { bytes, fromCache: false };
  }
}
