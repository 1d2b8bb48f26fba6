/**
 * Converts a TF.js GraphDef to ONNX, one TF op at a time, for the ~40 op kinds USE-lite uses. Every TF
 * integer tensor becomes int64 in ONNX (what Shape, NonZero and Reshape speak), and the int32 graph
 * inputs are cast once on entry. Constants become initializers when an op reads them as data; when an op
 * needs them as parameters (axes, perms, slice bounds) their values are read at conversion time.
 * Unsupported ops or attributes throw, naming the node, rather than convert approximately.
 */
import { type Dim, OnnxGraphBuilder } from './onnx-graph.ts';
import { type TfConst, type TfGraph, type TfNode, attrBool, attrInt, attrString, attrType } from './tf-model.ts';
import { handlers } from './tf-ops.ts';

/** ONNX opset we emit: 18 is the first where every Reduce op takes its axes as an input. */
export const OPSET = 18;

export interface ConvertOptions {
  /** Shapes of the graph inputs (TF.js records -1 for unknown sizes). */
  inputDims?: Record<string, Dim[]>;
  /** Shape of each graph output. */
  outputDims?: Dim[];
  producer?: string;
}

/** What an op handler sees: its node, its inputs as ONNX names or constant values, and the builder. */
export class OpContext {
  constructor(
    readonly b: OnnxGraphBuilder,
    readonly node: TfNode,
    private readonly conv: Converter,
  ) {}

  /** Data inputs (control inputs `^x` dropped). */
  get inputs(): string[] {
    return (this.node.input ?? []).filter((i) => !i.startsWith('^'));
  }

  /** ONNX value for data input `i`; a constant input becomes an initializer the first time it is read. */
  in(i: number): string {
    return this.conv.valueOf(this.ref(i));
  }

  /** Values of constant input `i`, for parameters such as axes and perms. */
  constOf(i: number): number[] {
    return Array.from(this.constTensor(i).data);
  }

  /** Constant input `i` itself (shape and data, not copied). */
  constTensor(i: number): TfConst {
    const c = this.conv.graph.consts.get(refNode(this.ref(i)));
    if (!c) this.fail(`input ${i} to be a constant`, this.ref(i));
    return c;
  }

  /** ONNX name of this node's output `k` (TF writes `name:k` for k > 0). */
  out(k = 0): string {
    return k === 0 ? this.node.name : `${this.node.name}:${k}`;
  }

  /** Rank of data input `i`, where the graph makes it evident. */
  rankOf(i: number): number {
    return this.conv.rankOf(this.ref(i));
  }

  int(key: string, fallback?: number): number {
    return attrInt(this.node, key, fallback);
  }
  bool(key: string): boolean {
    return attrBool(this.node, key);
  }
  str(key: string): string | undefined {
    return attrString(this.node, key);
  }
  type(key: string): number {
    return attrType(this.node, key);
  }

  fail(expected: string, got: string): never {
    throw new Error(`crisis-desk: onnx conversion of ${this.node.name} (${this.node.op}): expected ${expected}, got ${got}`);
  }

  private ref(i: number): string {
    const r = this.inputs[i];
    if (r === undefined) this.fail(`an input ${i}`, `${this.inputs.length} inputs`);
    return r;
  }
}

class Converter {
  readonly b = new OnnxGraphBuilder();
  private readonly materialized = new Set<string>();
  /** TF names whose value lives under another ONNX name (graph inputs, widened on entry). */
  readonly renamed = new Map<string, string>();
  private readonly byName: Map<string, TfNode>;

  constructor(readonly graph: TfGraph) {
    this.byName = new Map(graph.nodes.map((n) => [n.name, n]));
  }

  valueOf(ref: string): string {
    const name = refNode(ref);
    const renamed = this.renamed.get(name);
    if (renamed) return renamed;
    const c = this.graph.consts.get(name);
    if (c && !this.materialized.has(name)) {
      this.materialized.add(name);
      this.b.constant(name, c.dtype === 'float32' ? 'float' : 'int64', c.shape, c.data);
    }
    return ref.endsWith(':0') ? name : ref;
  }

  /** Follows ops that keep their input's rank back to one that states it (Transpose's perm). */
  rankOf(ref: string): number {
    const node = this.byName.get(refNode(ref));
    if (node?.op === 'Transpose') {
      const perm = this.graph.consts.get(refNode(node.input?.[1] ?? ''));
      if (perm) return perm.data.length;
    }
    if (node && ['Mul', 'Add', 'AddV2', 'Sub', 'RealDiv'].includes(node.op)) {
      for (const r of node.input ?? []) if (!this.graph.consts.has(refNode(r))) return this.rankOf(r);
    }
    throw new Error(`crisis-desk: onnx conversion: expected a value of evident rank, got ${ref} (${node?.op ?? 'unknown'})`);
  }
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
    if (!handler) throw new Error(`crisis-desk: onnx conversion of ${node.name}: expected a supported op, got ${node.op}`);
    handler(new OpContext(b, node, conv));
  }
  for (const node of nodes) {
    if (!consumed.has(node.name)) b.output(node.name, 'float', options.outputDims ?? ['batch', 'width']);
  }
  return b.encode(OPSET, options.producer ?? 'crisis-desk');
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
  b.node('Cast', [node.name], [wide], { to: 7 });
  conv.renamed.set(node.name, wide);
}

/** `name:0` and `name` are the same value; `name:k` is output k of node `name`. */
export function refNode(ref: string): string {
  const r = ref.startsWith('^') ? ref.slice(1) : ref;
  const colon = r.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(r.slice(colon + 1)) ? r.slice(0, colon) : r;
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
    throw new Error(`crisis-desk: onnx conversion: expected an acyclic graph, got ${nodes.length - order.length} nodes in cycles`);
  }
  return order;
}
