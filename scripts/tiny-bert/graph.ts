/**
 * A BERT-shaped ONNX graph with seeded random weights: embeddings (word + position + token type) →
 * LayerNorm → N encoder layers (single-head self-attention with the padding mask, ReLU feed-forward,
 * residuals and post-LayerNorm) → `last_hidden_state`. Inputs and outputs carry the names and int64/float
 * types that transformers.js feeds a BERT (`input_ids`, `attention_mask`, `token_type_ids`).
 *
 * It is untrained, so its vectors mean little; but the residual paths keep each token's embedding
 * dominant, so after mean pooling texts that share most tokens land closer than texts that share none.
 */
import type { Onnx } from './onnx-builder.ts';
import {
  FLOAT,
  INT64,
  floatTensor,
  int64Tensor,
  node,
  seededRandom,
  tensorInfo,
  uniform,
} from './onnx-builder.ts';

export interface TinyBertShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

/** Opset 17 is the first with LayerNormalization; IR 8 is what onnx-proto 8 describes. */
const OPSET = 17;
const IR_VERSION = 8;

/**
 * `classifier` adds a one-logit head on the [CLS] token (`logits` [batch, 1]), the shape of a cross-encoder such as
 * ms-marco-MiniLM, for testing the reader's plumbing.
 */
export function buildTinyBertGraph(
  shape: TinyBertShape,
  seed: number,
  head: 'none' | 'classifier' = 'none',
): Onnx.IModelProto {
  const random = seededRandom(seed);
  const { hidden: h, intermediate: ff } = shape;
  const initializer: Onnx.ITensorProto[] = [];
  const nodes: Onnx.INodeProto[] = [];
  const weight = (name: string, dims: number[], scale: number): string => {
    initializer.push(
      floatTensor(
        name,
        dims,
        uniform(
          random,
          dims.reduce((a, b) => a * b, 1),
          scale,
        ),
      ),
    );
    return name;
  };
  const constant = (name: string, dims: number[], fill: number): string => {
    initializer.push(floatTensor(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(fill)));
    return name;
  };
  const layerNorm = (input: string, prefix: string, output: string): string => {
    const scale = constant(`${prefix}.LayerNorm.weight`, [h], 1);
    const bias = constant(`${prefix}.LayerNorm.bias`, [h], 0);
    nodes.push(
      node('LayerNormalization', [input, scale, bias], [output], {
        axis: -1,
        epsilon: { float: shape.layerNormEps },
      }),
    );
    return output;
  };
  // x·W + b, the dense layer every BERT block is made of.
  const dense = (input: string, prefix: string, inDim: number, outDim: number): string => {
    const w = weight(`${prefix}.weight`, [inDim, outDim], Math.sqrt(3 / inDim));
    const b = weight(`${prefix}.bias`, [outDim], 0.02);
    nodes.push(node('MatMul', [input, w], [`${prefix}.matmul`]));
    nodes.push(node('Add', [`${prefix}.matmul`, b], [`${prefix}.out`]));
    return `${prefix}.out`;
  };

  initializer.push(int64Tensor('const.zero', [], [0]), int64Tensor('const.one', [], [1]));
  initializer.push(int64Tensor('const.axis1', [1], [1]));
  constant('const.one_f', [], 1);
  constant('const.mask_fill', [], -10000);
  constant('const.attn_scale', [], 1 / Math.sqrt(h));

  // Embeddings. Word vectors are large and position/type vectors small, so token identity dominates.
  weight('embeddings.word_embeddings.weight', [shape.vocabSize, h], 1);
  weight('embeddings.position_embeddings.weight', [shape.maxPositions, h], 0.1);
  weight('embeddings.token_type_embeddings.weight', [shape.typeVocabSize, h], 0.1);
  nodes.push(
    node('Gather', ['embeddings.word_embeddings.weight', 'input_ids'], ['emb.word']),
    node('Shape', ['input_ids'], ['emb.shape']),
    node('Gather', ['emb.shape', 'const.one'], ['emb.seq_len'], { axis: 0 }),
    node('Range', ['const.zero', 'emb.seq_len', 'const.one'], ['emb.position_ids']),
    node('Gather', ['embeddings.position_embeddings.weight', 'emb.position_ids'], ['emb.position']),
    node('Gather', ['embeddings.token_type_embeddings.weight', 'token_type_ids'], ['emb.type']),
    node('Add', ['emb.word', 'emb.position'], ['emb.word_position']),
    node('Add', ['emb.word_position', 'emb.type'], ['emb.sum']),
  );
  let hiddenState = layerNorm('emb.sum', 'embeddings', 'emb.out');

  // Padding mask → additive bias of shape [batch, 1, seq]: 0 for real tokens, -10000 for padding.
  nodes.push(
    node('Cast', ['attention_mask'], ['mask.float'], { to: FLOAT }),
    node('Sub', ['const.one_f', 'mask.float'], ['mask.inverted']),
    node('Mul', ['mask.inverted', 'const.mask_fill'], ['mask.bias2d']),
    node('Unsqueeze', ['mask.bias2d', 'const.axis1'], ['mask.bias']),
  );

  for (let l = 0; l < shape.layers; l++) {
    const p = `encoder.layer.${l}`;
    const q = dense(hiddenState, `${p}.attention.self.query`, h, h);
    const k = dense(hiddenState, `${p}.attention.self.key`, h, h);
    const v = dense(hiddenState, `${p}.attention.self.value`, h, h);
    nodes.push(
      node('Transpose', [k], [`${p}.key_t`], { perm: [0, 2, 1] }),
      node('MatMul', [q, `${p}.key_t`], [`${p}.scores_raw`]),
      node('Mul', [`${p}.scores_raw`, 'const.attn_scale'], [`${p}.scores_scaled`]),
      node('Add', [`${p}.scores_scaled`, 'mask.bias'], [`${p}.scores`]),
      node('Softmax', [`${p}.scores`], [`${p}.probs`], { axis: -1 }),
      node('MatMul', [`${p}.probs`, v], [`${p}.context`]),
    );
    const attention = dense(`${p}.context`, `${p}.attention.output.dense`, h, h);
    nodes.push(node('Add', [attention, hiddenState], [`${p}.attention.residual`]));
    const attended = layerNorm(`${p}.attention.residual`, `${p}.attention.output`, `${p}.attention.out`);

    const up = dense(attended, `${p}.intermediate.dense`, h, ff);
    nodes.push(node('Relu', [up], [`${p}.intermediate.act`]));
    const down = dense(`${p}.intermediate.act`, `${p}.output.dense`, ff, h);
    nodes.push(node('Add', [down, attended], [`${p}.output.residual`]));
    const last = l === shape.layers - 1;
    hiddenState = layerNorm(`${p}.output.residual`, `${p}.output`, last ? 'last_hidden_state' : `${p}.out`);
  }

  const tokens = ['batch_size', 'sequence_length'];
  const outputs = [tensorInfo('last_hidden_state', FLOAT, [...tokens, h])];
  if (head === 'classifier') {
    nodes.push(node('Gather', ['last_hidden_state', 'const.zero'], ['cls.hidden'], { axis: 1 }));
    const logits = dense('cls.hidden', 'classifier', h, 1);
    nodes.push(node('Identity', [logits], ['logits']));
    outputs.splice(0, 1, tensorInfo('logits', FLOAT, ['batch_size', 1]));
  }
  return {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'crisis-desk scripts/make-tiny-bert.ts',
    producerVersion: '1',
    graph: {
      name: 'tiny_bert',
      node: nodes,
      initializer,
      input: [
        tensorInfo('input_ids', INT64, tokens),
        tensorInfo('attention_mask', INT64, tokens),
        tensorInfo('token_type_ids', INT64, tokens),
      ],
      output: outputs,
    },
  };
}
