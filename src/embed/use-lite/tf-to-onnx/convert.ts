/**
 * Converts a TF.js GraphDef to ONNX, one TF op at a time, for the ~40 op kinds USE-lite uses. Every TF
 * integer tensor becomes int64 in ONNX (what Shape, NonZero and Reshape speak), and the int32 graph
 * inputs are cast once on entry. Constants become initializers when an op reads them as data; when an op
 * needs them as parameters (axes, perms, slice bounds) their values are read at conversion time.
 * Unsupported ops or attributes throw, naming the node, rather than convert approximately.
 */
import { type Dim, ONNX_TYPE } from './onnx-graph.ts';
import { Converter, OpContext, refNode } from './op-context.ts';
import { type TfGraph, type TfNode, attrType } from './tf-model.ts';
import { handlers } from './tf-ops.ts';
import { CrisisDeskError } from '../../../errors.ts';

/** ONNX opset we emit: 18 is the first where every Reduce op takes its axes as an input. */
const OPSET = 18;

export interface ConvertOptions {
  /** Shapes of the graph inputs (TF.js records -1 for unknown sizes). */
  inputDims?: Record<string, Dim[]>;
  /** Shape of each graph output. */
  outputDims?: Dim[];
  producer?: string;
}

/** Converts `graph`; returns the serialized ONNX model. */
export function convertTfGraphToOnnx(graph: TfGraph, options: ConvertOptions = {}): Uint8Array {
  const conv = new Converter(graph);
  const { b } = conv;
  const nodes = topologicalOrder(graph.nodes.filter((n) => n.op !== 'Const'));
  const consumed = new Set(graph.nodes.flatMap((n) => (n.input ?? []).map(refNode)));
  for (const node of nodes) {
    if (node.op === 'Placeholder') {
      addInput(conv, node, options.inputDims?.[node.name]);
      continue;
    }
    const handler = handlers[node.op];
    if (!handler)
      throw new CrisisDeskError(
        'ModelError',
        `onnx conversion of ${node.name}: expected a supported op, got ${node.op}`,
      );
    handler(new OpContext(b, node, conv));
  }
  for (const node of nodes) {
    if (!consumed.has(node.name)) b.output(node.name, 'float', options.outputDims ?? ['batch', 'width']);
  }
  return b.encode({ opset: OPSET, producer: options.producer ?? 'crisis-desk' });
}

/**
 * Inputs keep their TF names. TF.js feeds int32 where the GraphDef says int64; the ONNX model takes int32
 * too and widens once.
 */
function addInput(conv: Converter, node: TfNode, dims: Dim[] | undefined): void {
  const { b } = conv;
  const dtype = attrType(node, 'dtype');
  const shape = dims ?? ['n'];
  if (dtype === 1) {
    b.input(node.name, 'float', shape);
    return;
  }
  if (dtype === 10) {
    b.input(node.name, 'bool', shape);
    return;
  }
  const wide = b.fresh(`${node.name}/int64`);
  b.input(node.name, 'int32', shape);
  b.node('Cast', [node.name], [wide], { to: ONNX_TYPE.int64 });
  conv.renamed.set(node.name, wide);
}

/** Kahn's algorithm over data and control inputs; TF.js does not promise an order. */
function topologicalOrder(nodes: TfNode[]): TfNode[] {
  const names = new Set(nodes.map((n) => n.name));
  const pending = new Map<string, number>();
  const users = new Map<string, TfNode[]>();
  for (const n of nodes) {
    const deps = new Set((n.input ?? []).map(refNode).filter((d) => names.has(d)));
    pending.set(n.name, deps.size);
    for (const d of deps) users.set(d, [...(users.get(d) ?? []), n]);
  }
  const ready = nodes.filter((n) => pending.get(n.name) === 0);
  const order: TfNode[] = [];
  while (ready.length > 0) {
    const n = ready.shift()!;
    order.push(n);
    for (const u of users.get(n.name) ?? []) {
      const left = pending.get(u.name)! - 1;
      pending.set(u.name, left);
      if (left === 0) ready.push(u);
    }
  }
  if (order.length !== nodes.length) {
    throw new CrisisDeskError(
      'ModelError',
      `onnx conversion: expected an acyclic graph, got ${nodes.length - order.length} nodes in cycles`,
    );
  }
  return order;
}
