/**
 * TF op → ONNX nodes, one handler per TF op kind. Semantics follow the TensorFlow op docs; where ONNX
 * differs (Where's layout, ScatterNd's implicit zeros, 1×1 Conv2D as a dense layer) the handler says how.
 */
import type { OpContext } from './op-context.ts';

export type OpHandler = (c: OpContext) => void;

/** Slice bound meaning "to the end"; ONNX clamps it to the dimension. */
const END = Number.MAX_SAFE_INTEGER;

/** GraphDef DataType → ONNX TensorProto.DataType; TF int32 is int64 throughout the converted graph. */
const CAST_TO: Record<number, number> = { 1: 1, 3: 7, 9: 7, 10: 9 };

const unary =
  (op: string): OpHandler =>
  (c) =>
    c.b.node(op, [c.in(0)], [c.out()]);
const binary =
  (op: string): OpHandler =>
  (c) =>
    c.b.node(op, [c.in(0), c.in(1)], [c.out()]);

/** TF reductions take axes as a tensor input, as ONNX does from opset 18. */
const reduce =
  (op: string): OpHandler =>
  (c) =>
    c.b.node(op, [c.in(0), c.b.ints(c.node.name, c.constOf(1))], [c.out()], {
      keepdims: c.bool('keep_dims') ? 1 : 0,
    });

function checkNhwc(c: OpContext): void {
  const format = c.str('data_format');
  if (format !== undefined && format !== 'NHWC') c.fail('data_format NHWC', format);
}

/** Swaps the last two axes of input `i` (for MatMul's transpose and BatchMatMul's adjoint flags). */
function swapLastTwo(c: OpContext, i: number, rank: number): string {
  const perm = Array.from({ length: rank }, (_, k) => k);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  const out = c.b.fresh(c.node.name);
  c.b.node('Transpose', [c.in(i)], [out], { perm });
  return out;
}

function matMul(c: OpContext, flagA: string, flagB: string, rank: (i: number) => number): void {
  const a = c.bool(flagA) ? swapLastTwo(c, 0, rank(0)) : c.in(0);
  const b = c.bool(flagB) ? swapLastTwo(c, 1, rank(1)) : c.in(1);
  c.b.node('MatMul', [a, b], [c.out()]);
}

export const handlers: Record<string, OpHandler> = {
  Identity: unary('Identity'),
  Add: binary('Add'),
  AddV2: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Maximum: binary('Max'),
  Less: binary('Less'),
  Greater: binary('Greater'),
  LogicalNot: unary('Not'),
  Sin: unary('Sin'),
  Cos: unary('Cos'),
  Tanh: unary('Tanh'),
  Relu: unary('Relu'),
  Shape: unary('Shape'),
  GatherNd: binary('GatherND'),
  Range: (c) => c.b.node('Range', [c.in(0), c.in(1), c.in(2)], [c.out()]),
  Square: (c) => c.b.node('Mul', [c.in(0), c.in(0)], [c.out()]),
  Rsqrt: (c) => {
    const root = c.b.fresh(c.node.name);
    c.b.node('Sqrt', [c.in(0)], [root]);
    c.b.node('Reciprocal', [root], [c.out()]);
  },
  Softmax: (c) => c.b.node('Softmax', [c.in(0)], [c.out()], { axis: -1 }),
  BiasAdd: (c) => {
    checkNhwc(c);
    c.b.node('Add', [c.in(0), c.in(1)], [c.out()]);
  },
  Cast: (c) => {
    const to =
      CAST_TO[c.type('DstT')] ??
      c.fail('a cast to float, int32, int64 or bool', `DataType ${c.type('DstT')}`);
    c.b.node('Cast', [c.in(0)], [c.out()], { to });
  },
  Max: reduce('ReduceMax'),
  Sum: reduce('ReduceSum'),
  Mean: reduce('ReduceMean'),
  Prod: reduce('ReduceProd'),
  // TF Where returns [count, rank] coordinates; ONNX NonZero returns [rank, count].
  Where: (c) => {
    if (c.inputs.length !== 1)
      c.fail('the one-input (coordinates) form of Where', `${c.inputs.length} inputs`);
    const coords = c.b.fresh(c.node.name);
    c.b.node('NonZero', [c.in(0)], [coords]);
    c.b.node('Transpose', [coords], [c.out()], { perm: [1, 0] });
  },
  // TF reads a 0 in the target shape as size zero; ONNX does too only with allowzero.
  Reshape: (c) => c.b.node('Reshape', [c.in(0), c.in(1)], [c.out()], { allowzero: 1 }),
  GatherV2: (c) => {
    if (c.int('batch_dims', 0) !== 0) c.fail('batch_dims 0', String(c.int('batch_dims')));
    c.b.node('Gather', [c.in(0), c.in(1)], [c.out()], { axis: scalar(c, 2) });
  },
  ConcatV2: (c) => {
    const n = c.inputs.length - 1;
    c.b.node(
      'Concat',
      Array.from({ length: n }, (_, i) => c.in(i)),
      [c.out()],
      { axis: scalar(c, n) },
    );
  },
  Pack: (c) => {
    const axis = c.int('axis', 0);
    const axes = c.b.ints(c.node.name, [axis]);
    const parts = c.inputs.map((_, i) => {
      const u = c.b.fresh(c.node.name);
      c.b.node('Unsqueeze', [c.in(i), axes], [u]);
      return u;
    });
    c.b.node('Concat', parts, [c.out()], { axis });
  },
  ExpandDims: (c) => c.b.node('Unsqueeze', [c.in(0), c.b.ints(c.node.name, [scalar(c, 1)])], [c.out()]),
  Squeeze: (c) => {
    const dims = c.node.attr?.['squeeze_dims']?.list?.i?.map(Number) ?? [];
    if (dims.length === 0) c.fail('explicit squeeze_dims', 'none');
    c.b.node('Squeeze', [c.in(0), c.b.ints(c.node.name, dims)], [c.out()]);
  },
  Transpose: (c) => c.b.node('Transpose', [c.in(0)], [c.out()], { perm: c.constOf(1) }),
  SplitV: (c) => {
    const n = c.int('num_split');
    const outs = Array.from({ length: n }, (_, k) => c.out(k));
    c.b.node('Split', [c.in(0), c.b.ints(c.node.name, c.constOf(1))], outs, { axis: scalar(c, 2) });
  },
  // TF Slice takes (begin, size) with size -1 meaning "to the end"; ONNX takes (starts, ends).
  Slice: (c) => {
    const begin = c.constOf(1);
    const ends = c.constOf(2).map((size, i) => (size === -1 ? END : begin[i]! + size));
    const axes = begin.map((_, i) => i);
    const { b } = c;
    b.node(
      'Slice',
      [c.in(0), b.ints(c.node.name, begin), b.ints(c.node.name, ends), b.ints(c.node.name, axes)],
      [c.out()],
    );
  },
  StridedSlice: (c) => stridedSlice(c),
  // SparseToDense: a tensor of the default value with the given values scattered in.
  SparseToDense: (c) => {
    const filled = c.b.fresh(c.node.name);
    c.b.node('Expand', [c.in(3), c.in(1)], [filled]);
    c.b.node('ScatterND', [filled, c.in(0), c.in(2)], [c.out()]);
  },
  // TF ScatterNd scatters into implicit zeros; ONNX ScatterND needs the zeros as a tensor.
  ScatterNd: (c) => {
    if (c.type('T') !== 1) c.fail('float updates', `DataType ${c.type('T')}`);
    const zeros = c.b.fresh(c.node.name);
    c.b.node('ConstantOfShape', [c.in(2)], [zeros]);
    c.b.node('ScatterND', [zeros, c.in(0), c.in(1)], [c.out()]);
  },
  MatMul: (c) => matMul(c, 'transpose_a', 'transpose_b', () => 2),
  BatchMatMul: (c) => matMul(c, 'adj_x', 'adj_y', (i) => c.rankOf(i)),
  BatchMatMulV2: (c) => matMul(c, 'adj_x', 'adj_y', (i) => c.rankOf(i)),
  // A 1×1, stride-1 NHWC convolution is a dense layer over the channel axis.
  Conv2D: (c) => {
    checkNhwc(c);
    const ones = (key: string): boolean =>
      (c.node.attr?.[key]?.list?.i ?? [1, 1, 1, 1]).every((v) => Number(v) === 1);
    if (!ones('strides') || !ones('dilations')) c.fail('strides and dilations of 1', 'others');
    // HWIO with H = W = 1 has the memory layout of an [in, out] matrix.
    const { shape, data } = c.constTensor(1);
    if (shape.length !== 4 || shape[0] !== 1 || shape[1] !== 1) c.fail('a 1×1 kernel', JSON.stringify(shape));
    const matrix = c.b.constant(c.b.fresh(c.node.name), 'float', [shape[2]!, shape[3]!], data);
    c.b.node('MatMul', [c.in(0), matrix], [c.out()]);
  },
};

/** A constant scalar (or one-element) parameter input. */
function scalar(c: OpContext, i: number): number {
  const v = c.constOf(i);
  if (v.length !== 1) c.fail(`input ${i} to be one value`, `${v.length} values`);
  return v[0]!;
}

/** StridedSlice with constant bounds and positive strides → Slice, then Squeeze for shrunk axes. */
function stridedSlice(c: OpContext): void {
  if (c.int('ellipsis_mask', 0) !== 0 || c.int('new_axis_mask', 0) !== 0) {
    c.fail('no ellipsis or new-axis mask', `${c.int('ellipsis_mask', 0)}/${c.int('new_axis_mask', 0)}`);
  }
  const [begin, end, strides] = [c.constOf(1), c.constOf(2), c.constOf(3)];
  const beginMask = c.int('begin_mask', 0);
  const endMask = c.int('end_mask', 0);
  const shrinkMask = c.int('shrink_axis_mask', 0);
  const starts: number[] = [];
  const ends: number[] = [];
  const shrunk: number[] = [];
  begin.forEach((b0, i) => {
    if (strides[i]! <= 0) c.fail('positive strides', String(strides[i]));
    const bit = 1 << i;
    const start = beginMask & bit ? 0 : b0;
    starts.push(start);
    if (shrinkMask & bit) {
      ends.push(start === -1 ? END : start + 1);
      shrunk.push(i);
    } else ends.push(endMask & bit ? END : end[i]!);
  });
  const { b } = c;
  const name = c.node.name;
  const axes = begin.map((_, i) => i);
  const sliced = shrunk.length > 0 ? b.fresh(name) : c.out();
  b.node(
    'Slice',
    [c.in(0), b.ints(name, starts), b.ints(name, ends), b.ints(name, axes), b.ints(name, strides)],
    [sliced],
  );
  if (shrunk.length > 0) b.node('Squeeze', [sliced, b.ints(name, shrunk)], [c.out()]);
}
