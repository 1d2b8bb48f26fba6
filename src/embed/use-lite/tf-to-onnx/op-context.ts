/**
 * What the TF → ONNX conversion (./convert.ts) hands each op handler (./tf-ops.ts): the node, its inputs as ONNX
 * names or constant values, and the graph builder. Its own file so the converter and the handlers, which each
 * need it, do not import each other.
 */
import { OnnxGraphBuilder } from './onnx-graph.ts';
import {
  type TfConst,
  type TfGraph,
  type TfNode,
  attrBool,
  attrInt,
  attrString,
  attrType,
} from './tf-model.ts';
import { CrisisDeskError } from '../../../errors.ts';

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
    throw new CrisisDeskError(
      'ModelError',
      `onnx conversion of ${this.node.name} (${this.node.op}): expected ${expected}, got ${got}`,
    );
  }

  private ref(i: number): string {
    const r = this.inputs[i];
    if (r === undefined) this.fail(`an input ${i}`, `${this.inputs.length} inputs`);
    return r;
  }
}

export class Converter {
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
    throw new CrisisDeskError(
      'ModelError',
      `onnx conversion: expected a value of evident rank, got ${ref} (${node?.op ?? 'unknown'})`,
    );
  }
}

/** `name:0` and `name` are the same value; `name:k` is output k of node `name`. */
export function refNode(ref: string): string {
  const r = ref.startsWith('^') ? ref.slice(1) : ref;
  const colon = r.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(r.slice(colon + 1)) ? r.slice(0, colon) : r;
}
