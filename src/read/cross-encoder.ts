/**
 * The transformers.js cross-encoder reader. Like src/embed/transformers.ts (the embedder), it imports
 * @huggingface/transformers and sets its process-wide `env`; both read models from the same local folder and never
 * download unless allowed, so the two agree on `env`.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { sessionOptions } from '../embed/transformers.ts';
import type { Reader } from './reader.ts';
import { CrisisDeskError, integerBelow, usedAfterClose } from '../errors.ts';

export interface CrossEncoderOptions {
  /** A model id looked up as `<localModelPath>/<id>/`, or an absolute model folder. */
  model: string;
  localModelPath: string;
  /** Which weights: `q8` loads onnx/model_quantized.onnx, `fp32` onnx/model.onnx. Default q8. */
  dtype?: 'q8' | 'fp32';
  /**
   * Tokens of question and passage together the model reads; longer passages lose their tail. The cost of a
   * question grows linearly with it. Default 192 (a chunk of ~120 words and a question fit; measured in
   * docs/reader.md).
   */
  maxTokens?: number;
  /** Pairs per forward pass (padding to the longest pair). Default 8. */
  batchSize?: number;
  /** ONNX Runtime intra-op threads. Default: ONNX Runtime's choice. */
  threads?: number;
}

const defaultCrossEncoderOptions = { dtype: 'q8', maxTokens: 192, batchSize: 8 } as const;

const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** Loads the reader; an Error names the folder and the files it expected when the model is not there. */
export async function createCrossEncoderReader(options: CrossEncoderOptions): Promise<Reader> {
  const dtype = options.dtype ?? defaultCrossEncoderOptions.dtype;
  const maxTokens = options.maxTokens ?? defaultCrossEncoderOptions.maxTokens;
  const batchSize = options.batchSize ?? defaultCrossEncoderOptions.batchSize;
  if (!Number.isInteger(maxTokens) || maxTokens < 16) {
    throw integerBelow('reader maxTokens', 16, maxTokens);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw integerBelow('reader batchSize', 1, batchSize);
  }
  const localModelPath = path.resolve(options.localModelPath);
  const isFolder = path.isAbsolute(options.model);
  const dir = isFolder ? options.model : path.join(localModelPath, options.model);
  const onnx = dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
  const missing = [...REQUIRED, onnx].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length > 0) {
    throw new CrisisDeskError(
      'ModelError',
      `reader "${options.model}": expected ${[...REQUIRED, onnx].join(', ')} in ${dir}, got no ${missing.join(', ')} (fetch it with: npm run models -- fetch ${path.basename(options.model)})`,
    );
  }
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = localModelPath;
  const name = isFolder ? dir : options.model;
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  const model = await AutoModelForSequenceClassification.from_pretrained(name, {
    dtype,
    device: 'cpu',
    // No spin-waiting, one inter-op thread: measured cheaper for the embedder of the same size (docs/benchmarks.md).
    session_options: sessionOptions({ ...(options.threads ? { threads: options.threads } : {}) }),
  });
  return new CrossEncoderReader(
    tokenizer,
    model,
    `cross-encoder:${options.model}:${dtype}:${maxTokens}`,
    maxTokens,
    batchSize,
  );
}

class CrossEncoderReader implements Reader {
  private closed = false;

  constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    readonly id: string,
    private readonly maxTokens: number,
    private readonly batchSize: number,
  ) {}

  async score(question: string, passages: readonly string[]): Promise<number[]> {
    if (this.closed) throw usedAfterClose('reader', 'reader');
    // Similar lengths share a batch, so little of each forward pass is padding.
    const order = passages.map((p, i) => ({ i, n: p.length })).sort((a, b) => a.n - b.n);
    const scores = new Array<number>(passages.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batch = order.slice(start, start + this.batchSize);
      const inputs = this.tokenizer(
        batch.map(() => question),
        {
          text_pair: batch.map((b) => passages[b.i]!),
          padding: true,
          truncation: true,
          max_length: this.maxTokens,
        },
      );
      const { logits } = (await this.model(inputs)) as { logits: Tensor };
      const [rows, width] = logits.dims;
      if (rows !== batch.length || width !== 1) {
        throw new CrisisDeskError(
          'ModelError',
          `reader output: expected logits [${batch.length}, 1], got [${logits.dims.join(', ')}]`,
        );
      }
      const data = logits.data as Float32Array;
      batch.forEach((b, r) => (scores[b.i] = data[r]!));
      logits.dispose();
    }
    return scores;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.model.dispose();
  }
}
