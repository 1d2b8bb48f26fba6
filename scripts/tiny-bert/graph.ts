/**
 * A BERT-shaped ONNX graph with seeded random weights: embeddings (word + position + token type) →
 * LayerNorm → N encoder layers (single-head self-attention with the padding mask, ReLU feed-forward,
 * residuals and post-LayerNorm) → `last_hidden_state`. Inputs and outputs carry the names and int64/float
 * types that transformers.js feeds a BERT (`input_ids`, `attention_mask`, `token_type_ids`).
 *
 * It is untrained, so its vectors mean little; but the residual paths keep each token's embedding
 * dominant, so after mean pooling texts that share most tokens land closer than texts that share none.
 */
import { ONNX_TYPE, OnnxGraphBuilder } from '../../src/embed/use-lite/tf-to-onnx/onnx-graph.ts';
import { seededRandom } from '../../tests/helpers/random-text.ts';

export interface TinyBertShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

/** Opset 17 is the first with LayerNormalization. */
const OPSET = 17;

/**
 * `count` floats drawn uniformly from [-scale, scale). mulberry32 uses only integer operations and one exact
 * division, so the same seed gives the same floats on every platform and Node version: the fixture is byte-identical.
 */
function uniform(random: () => number, count: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}

/**
 * `classifier` adds a one-logit head on the [CLS] token (`logits` [batch, 1]), the shape of a cross-encoder such as
 * ms-marco-MiniLM, for testing the reader's plumbing.
 */
export function buildTinyBertGraph(
  shape: TinyBertShape,
  seed: number,
  head: 'none' | 'classifier' = 'none',
): Uint8Array {
  const random = seededRandom(seed);
  const { hidden: h, intermediate: ff } = shape;
  // Nodes are named after their op and first output: unique, stable, and readable in Netron.
  const b = new OnnxGraphBuilder({ nodeName: (op, outputs) => `${op}_${outputs[0]}` });
  const size = (dims: number[]): number => dims.reduce((x, y) => x * y, 1);
  const weight = (name: string, dims: number[], scale: number): string =>
    b.constant(name, 'float', dims, uniform(random, size(dims), scale));
  const constant = (name: string, dims: number[], fill: number): string =>
    b.constant(name, 'float', dims, new Float32Array(size(dims)).fill(fill));
  const layerNorm = (input: string, prefix: string, output: string): string => {
    const scale = constant(`${prefix}.LayerNorm.weight`, [h], 1);
    const bias = constant(`${prefix}.LayerNorm.bias`, [h], 0);
    b.node('LayerNormalization', [input, scale, bias], [output], {
      axis: -1,
      epsilon: { float: shape.layerNormEps },
    });
    return output;
  };
  // x·W + b, the dense layer every BERT block is made of.
  const dense = (input: string, prefix: string, inDim: number, outDim: number): string => {
    const w = weight(`${prefix}.weight`, [inDim, outDim], Math.sqrt(3 / inDim));
    const bias = weight(`${prefix}.bias`, [outDim], 0.02);
    b.node('MatMul', [input, w], [`${prefix}.matmul`]);
    b.node('Add', [`${prefix}.matmul`, bias], [`${prefix}.out`]);
    return `${prefix}.out`;
  };

  b.constant('const.zero', 'int64', [], [0]);
  b.constant('const.one', 'int64', [], [1]);
  b.constant('const.axis1', 'int64', [1], [1]);
  constant('const.one_f', [], 1);
  constant('const.mask_fill', [], -10000);
  constant('const.attn_scale', [], 1 / Math.sqrt(h));

  // Embeddings. Word vectors are large and position/type vectors small, so token identity dominates.
  weight('embeddings.word_embeddings.weight', [shape.vocabSize, h], 1);
  weight('embeddings.position_embeddings.weight', [shape.maxPositions, h], 0.1);
  weight('embeddings.token_type_embeddings.weight', [shape.typeVocabSize, h], 0.1);
  b.node('Gather', ['embeddings.word_embeddings.weight', 'input_ids'], ['emb.word']);
  b.node('Shape', ['input_ids'], ['emb.shape']);
  b.node('Gather', ['emb.shape', 'const.one'], ['emb.seq_len'], { axis: 0 });
  b.node('Range', ['const.zero', 'emb.seq_len', 'const.one'], ['emb.position_ids']);
  b.node('Gather', ['embeddings.position_embeddings.weight', 'emb.position_ids'], ['emb.position']);
  b.node('Gather', ['embeddings.token_type_embeddings.weight', 'token_type_ids'], ['emb.type']);
  b.node('Add', ['emb.word', 'emb.position'], ['emb.word_position']);
  b.node('Add', ['emb.word_position', 'emb.type'], ['emb.sum']);
  let hiddenState = layerNorm('emb.sum', 'embeddings', 'emb.out');

  // Padding mask → additive bias of shape [batch, 1, seq]: 0 for real tokens, -10000 for padding.
  b.node('Cast', ['attention_mask'], ['mask.float'], { to: ONNX_TYPE.float });
  b.node('Sub', ['const.one_f', 'mask.float'], ['mask.inverted']);
  b.node('Mul', ['mask.inverted', 'const.mask_fill'], ['mask.bias2d']);
  b.node('Unsqueeze', ['mask.bias2d', 'const.axis1'], ['mask.bias']);

  for (let l = 0; l < shape.layers; l++) {
    const p = `encoder.layer.${l}`;
    const q = dense(hiddenState, `${p}.attention.self.query`, h, h);
    const k = dense(hiddenState, `${p}.attention.self.key`, h, h);
    const v = dense(hiddenState, `${p}.attention.self.value`, h, h);
    b.node('Transpose', [k], [`${p}.key_t`], { perm: [0, 2, 1] });
    b.node('MatMul', [q, `${p}.key_t`], [`${p}.scores_raw`]);
    b.node('Mul', [`${p}.scores_raw`, 'const.attn_scale'], [`${p}.scores_scaled`]);
    b.node('Add', [`${p}.scores_scaled`, 'mask.bias'], [`${p}.scores`]);
    b.node('Softmax', [`${p}.scores`], [`${p}.probs`], { axis: -1 });
    b.node('MatMul', [`${p}.probs`, v], [`${p}.context`]);
    const attention = dense(`${p}.context`, `${p}.attention.output.dense`, h, h);
    b.node('Add', [attention, hiddenState], [`${p}.attention.residual`]);
    const attended = layerNorm(`${p}.attention.residual`, `${p}.attention.output`, `${p}.attention.out`);

    const up = dense(attended, `${p}.intermediate.dense`, h, ff);
    b.node('Relu', [up], [`${p}.intermediate.act`]);
    const down = dense(`${p}.intermediate.act`, `${p}.output.dense`, ff, h);
    b.node('Add', [down, attended], [`${p}.output.residual`]);
    const last = l === shape.layers - 1;
    hiddenState = layerNorm(`${p}.output.residual`, `${p}.output`, last ? 'last_hidden_state' : `${p}.out`);
  }

  const tokens = ['batch_size', 'sequence_length'];
  b.input('input_ids', 'int64', tokens);
  b.input('attention_mask', 'int64', tokens);
  b.input('token_type_ids', 'int64', tokens);
  if (head === 'classifier') {
    b.node('Gather', ['last_hidden_state', 'const.zero'], ['cls.hidden'], { axis: 1 });
    const logits = dense('cls.hidden', 'classifier', h, 1);
    b.node('Identity', [logits], ['logits']);
    b.output('logits', 'float', ['batch_size', 1]);
  } else b.output('last_hidden_state', 'float', [...tokens, h]);
  return b.encode({
    opset: OPSET,
    producer: 'crisis-desk scripts/make-tiny-bert.ts',
    producerVersion: '1',
    graphName: 'tiny_bert',
  });
}
