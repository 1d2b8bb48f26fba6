/**
 * The transformers.js embedding backend (EMBEDDING_MODEL=<model id or folder>). The only module that
 * imports @huggingface/transformers: it sets the library's global `env`, loads a `feature-extraction`
 * pipeline on the CPU, and adapts it to the Embedder interface (the model's pooling + L2 normalisation, and its
 * query instruction for questions).
 *
 * Offline by default: models are read from `localModelPath` as `<org>/<name>/` folders and nothing is
 * downloaded unless `allowRemoteModels` is true. See docs/transformers.md.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type FeatureExtractionPipeline, env, pipeline } from '@huggingface/transformers';
import type { Embedder } from './embedder.ts';
import { CrisisDeskError, integerBelow, usedAfterClose } from '../errors.ts';

/** Weight variants transformers.js can load; each names a different ONNX file (see `onnxFileFor`). */
export type TransformersDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'q4f16' | 'bnb4';

export interface TransformersEmbedderOptions {
  /**
   * A model id such as `Xenova/all-MiniLM-L6-v2`, looked up as `<localModelPath>/<id>/`, or a model folder:
   * an absolute path, one starting with `.`, or any path with more than one `/` (resolved against the cwd).
   */
  model: string;
  /** Folder that holds models as `<org>/<name>/` (config.transformersLocalModels, default `models/`). */
  localModelPath: string;
  /**
   * May transformers.js download a model id that is not under `localModelPath`? Default false. Downloads
   * are saved under `localModelPath` in the same layout, so the next start finds them offline.
   */
  allowRemoteModels?: boolean;
  /** Which weights to load. Default `q8` (onnx/model_quantized.onnx, what most hub ONNX exports ship). */
  dtype?: TransformersDtype;
  /** Texts per forward pass; the batch is padded to its longest text, so this bounds memory. Default 8. */
  batchSize?: number;
  /** How token vectors become one vector: `cls` (bge) or `mean` (sentence-transformers). Default `mean`. */
  pooling?: 'cls' | 'mean';
  /** Prefixed to questions only (bge's retrieval instruction). Default none. */
  queryInstruction?: string | null;
  /** Caps the tokens read below what the model allows (a model trained on shorter texts). Default: no cap. */
  maxTokens?: number;
  /** ONNX Runtime threads for one forward pass. Default: ONNX Runtime's choice (every core). */
  threads?: number;
  /** ONNX Runtime threads running independent graph nodes side by side (`interOpNumThreads`). Default 1. */
  interOpThreads?: number;
  /**
   * Whether idle ONNX Runtime threads spin-wait for the next piece of work (`session.intra_op.allow_spinning` and
   * `session.inter_op.allow_spinning`). Default false: on a shared or busy machine spinning burns a core between
   * kernels for nothing (docs/benchmarks.md, "Embedding threads and spinning").
   */
  spinning?: boolean;
}

const defaultTransformersEmbedderOptions = {
  allowRemoteModels: false,
  dtype: 'q8',
  // Measured on 2 cores with ~160-token chunks sorted by length: 8 beat 32 and 64 (less padding per batch).
  batchSize: 8,
  pooling: 'mean',
  queryInstruction: null,
} as const satisfies Partial<TransformersEmbedderOptions>;

/** Used for `maxTokens` only when neither the tokenizer nor the config states a limit. */
const DEFAULT_MAX_TOKENS = 512;

/** The file suffix transformers.js appends per dtype (its utils/dtypes.js DEFAULT_DTYPE_SUFFIX_MAPPING). */
const DTYPE_SUFFIX: Record<TransformersDtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The ONNX file, relative to the model folder, that transformers.js loads for `dtype`. */
function onnxFileFor(dtype: TransformersDtype): string {
  return `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`;
}

/** Files a feature-extraction model folder must hold besides the ONNX weights. */
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/**
 * Loads the model and returns an Embedder. Throws a `crisis-desk:` Error naming the folder and the files
 * it expected when the model is not there (and may not be downloaded), or when it cannot be loaded.
 *
 * transformers.js keeps its settings in one process-wide `env`; this sets them on every call, so two
 * embedders in one process must agree on `localModelPath` and `allowRemoteModels`.
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  // `??` rather than a spread, so an option passed as undefined still gets its default.
  const d = defaultTransformersEmbedderOptions;
  const opts = {
    model: options.model,
    localModelPath: options.localModelPath,
    allowRemoteModels: options.allowRemoteModels ?? d.allowRemoteModels,
    dtype: options.dtype ?? d.dtype,
    batchSize: options.batchSize ?? d.batchSize,
    pooling: options.pooling ?? d.pooling,
    queryInstruction: options.queryInstruction ?? d.queryInstruction,
  };
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) {
    throw integerBelow('transformers batchSize', 1, opts.batchSize);
  }
  if (!Object.hasOwn(DTYPE_SUFFIX, opts.dtype)) {
    throw new CrisisDeskError(
      'OptionError',
      `transformers dtype: expected one of ${Object.keys(DTYPE_SUFFIX).join(', ')}, got ${JSON.stringify(opts.dtype)}`,
    );
  }
  const localModelPath = path.resolve(opts.localModelPath);
  const { dir, isFolder } = locateModel(opts.model, localModelPath);
  const onnxFile = onnxFileFor(opts.dtype);

  // Check the folder ourselves: transformers' own message ("file was not found locally at …") names one
  // file and neither the dtype nor the way out. A model id may still be downloaded if that is allowed.
  const missing = [...REQUIRED_FILES, onnxFile].filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length > 0 && (isFolder || !opts.allowRemoteModels)) {
    throw new CrisisDeskError('ModelError', missingModelLine(opts.model, opts.dtype, dir, missing, isFolder));
  }

  const session = sessionOptions(options);
  env.allowLocalModels = true;
  env.allowRemoteModels = opts.allowRemoteModels;
  env.localModelPath = localModelPath;
  env.cacheDir = localModelPath;

  let extractor: FeatureExtractionPipeline;
  try {
    // A folder goes in as an absolute path, which transformers.js reads as-is; an id is joined to
    // env.localModelPath. device 'cpu' keeps the bundled onnxruntime-node CPU build (no GPU providers).
    extractor = await pipeline('feature-extraction', isFolder ? dir : opts.model, {
      dtype: opts.dtype,
      device: 'cpu',
      session_options: session,
    });
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const line = `transformers model "${opts.model}": expected a loadable model in ${dir}, got: ${why}`;
    throw new CrisisDeskError('ModelError', line, { cause });
  }

  try {
    const maxTokens = resolveMaxTokens(extractor, options.maxTokens);
    const fingerprint = await sha256Prefix(path.join(dir, onnxFile));
    // Pooling and the instruction change every vector, so they are part of what an index was built with.
    const recipe = `${opts.pooling}${opts.queryInstruction ? '+instruction' : ''}`;
    const id = `transformers:${opts.model}:${opts.dtype}:${fingerprint}:${recipe}:${maxTokens}`;
    const embedder = new TransformersEmbedder(extractor, id, maxTokens, opts);
    await embedder.probeDimensions();
    return embedder;
  } catch (error) {
    // Free the ONNX session: nobody else holds the pipeline to close it.
    await extractor.dispose();
    throw error;
  }
}

/**
 * onnxruntime-node's session options: thread counts and spin-waiting. `extra` is flattened by the binding into
 * dotted session config keys (onnxruntime_session_options_config_keys.h), the only way to reach allow_spinning.
 */
export function sessionOptions(
  options: Pick<TransformersEmbedderOptions, 'threads' | 'interOpThreads' | 'spinning'>,
): {
  intraOpNumThreads?: number;
  interOpNumThreads: number;
  extra: { session: { intra_op: { allow_spinning: '0' | '1' }; inter_op: { allow_spinning: '0' | '1' } } };
} {
  for (const [name, n] of [
    ['threads', options.threads],
    ['interOpThreads', options.interOpThreads],
  ] as const) {
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw integerBelow(`transformers ${name}`, 1, n);
  }
  const spin = options.spinning ? '1' : '0';
  return {
    ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
    interOpNumThreads: options.interOpThreads ?? 1,
    extra: { session: { intra_op: { allow_spinning: spin }, inter_op: { allow_spinning: spin } } },
  };
}

class TransformersEmbedder implements Embedder {
  dimensions = 0;
  /** These models read 256–512 tokens, more than a chunk: one vector per chunk. */
  readonly unit = 'chunk';
  private closed = false;

  constructor(
    private readonly extractor: FeatureExtractionPipeline,
    readonly id: string,
    readonly maxTokens: number,
    private readonly recipe: { batchSize: number; pooling: 'cls' | 'mean'; queryInstruction: string | null },
  ) {}

  /** The output width is whatever the model produces; configs name it differently (hidden_size, dim, …). */
  async probeDimensions(): Promise<void> {
    const [v] = await this.embed(['dimension probe']);
    if (v === undefined || v.length === 0) {
      throw new CrisisDeskError(
        'ModelError',
        `transformers model ${this.id}: expected a non-empty vector, got ${v?.length ?? 'none'}`,
      );
    }
    this.dimensions = v.length;
  }

  /** Includes the special tokens ([CLS], [SEP], …) because they take positions too. */
  countTokens(text: string): number {
    return this.extractor.tokenizer.encode(text).length;
  }

  /** The question as the model was trained to see it: with its retrieval instruction, if it has one. */
  embedQueries(questions: readonly string[]): Promise<Float32Array[]> {
    const prefix = this.recipe.queryInstruction;
    return this.embed(prefix ? questions.map((q) => prefix + q) : questions);
  }

  /** Texts past `maxTokens` are truncated by the tokenizer (the tail is ignored), never an error. */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) throw usedAfterClose('transformers embedder', 'embedder');
    const vectors: Float32Array[] = [];
    const { batchSize, pooling } = this.recipe;
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize);
      // Pooling and normalising are explicit: the pipeline's defaults are 'none' and false.
      const output = await this.extractor(batch, { pooling, normalize: true });
      const [rows, width] = output.dims;
      if (rows !== batch.length || width === undefined) {
        throw new CrisisDeskError(
          'ModelError',
          `transformers output: expected [${batch.length}, dimensions], got [${output.dims.join(', ')}]`,
        );
      }
      const data = output.data as Float32Array;
      // Copy each row out so the vectors do not pin the batch's buffer.
      for (let r = 0; r < rows; r++) vectors.push(data.slice(r * width, (r + 1) * width));
      output.dispose();
    }
    return vectors;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.extractor.dispose();
  }
}

/** A bare `name` or `org/name` is a model id; anything else is a folder. */
function locateModel(model: string, localModelPath: string): { dir: string; isFolder: boolean } {
  const isFolder = path.isAbsolute(model) || model.startsWith('.') || !/^[\w.-]+(\/[\w.-]+)?$/.test(model);
  return { dir: isFolder ? path.resolve(model) : path.join(localModelPath, model), isFolder };
}

function missingModelLine(
  model: string,
  dtype: TransformersDtype,
  dir: string,
  missing: string[],
  isFolder: boolean,
): string {
  const expected = [...REQUIRED_FILES, onnxFileFor(dtype)].join(', ');
  const got = fs.existsSync(dir) ? `no ${missing.join(', ')}` : 'no such folder';
  const onnxDir = path.join(dir, 'onnx');
  const present = fs.existsSync(onnxDir) ? fs.readdirSync(onnxDir).filter((f) => f.endsWith('.onnx')) : [];
  const fix =
    present.length > 0
      ? `The folder has ${present.map((f) => `onnx/${f}`).join(', ')}: choose the dtype that loads it (${onnxFileFor('fp32')} is fp32, ${onnxFileFor('q8')} is q8).`
      : isFolder
        ? 'Copy a transformers.js model folder there (see docs/transformers.md).'
        : `Put the model folder at that path (see docs/transformers.md), or set TRANSFORMERS_ALLOW_REMOTE=true on a machine with network access to download "${model}" once.`;
  return `transformers model "${model}" (dtype ${dtype}): expected ${expected} in ${dir}, got ${got}. ${fix}`;
}

/**
 * The smaller of the tokenizer's model_max_length and the config's max_position_embeddings. The
 * pipeline truncates only to model_max_length, which some tokenizers leave out or set to 1e30; then a
 * long text would index past the position table, so the tokenizer's limit is lowered to match.
 */
function resolveMaxTokens(extractor: FeatureExtractionPipeline, cap?: number): number {
  const tokenizer = extractor.tokenizer;
  const config = extractor.model.config as unknown as Record<string, unknown>;
  // Hugging Face writes 1e30 (VERY_LARGE_INTEGER) for "no limit"; only believe plausible numbers.
  const limits = [tokenizer.model_max_length, config['max_position_embeddings']].filter(
    (n): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 1_000_000,
  );
  if (cap !== undefined) limits.push(cap);
  const maxTokens = limits.length > 0 ? Math.min(...limits) : DEFAULT_MAX_TOKENS;
  if (tokenizer.model_max_length !== maxTokens) {
    // The model_max_length getter reads this object; there is no setter.
    (tokenizer._tokenizerConfig as Record<string, unknown>)['model_max_length'] = maxTokens;
  }
  return maxTokens;
}

/**
 * First 12 hex digits of the file's SHA-256: changes with the weights, not with copies or mtimes, so an
 * index built on one machine stays valid on another. Reading the file once at start-up is cheap next to
 * loading it (~0.2 s for a 90 MB model).
 */
async function sha256Prefix(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  } catch (cause) {
    const line = `transformers weights: expected a readable ${file}, got ${String(cause)}`;
    throw new CrisisDeskError('ModelError', line, { cause });
  }
  return hash.digest('hex').slice(0, 12);
}
