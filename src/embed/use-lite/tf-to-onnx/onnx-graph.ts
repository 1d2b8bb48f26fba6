/**
 * A small builder for an ONNX model in memory, on top of onnx-proto's generated protobuf classes.
 * Only integer attributes are needed by the converter, so only those are supported.
 */
import { createRequire } from 'node:module';
import type * as OnnxProto from 'onnx-proto';

type Onnx = typeof OnnxProto.onnx;
const require = createRequire(import.meta.url);

export type ElemType = 'float' | 'int32' | 'int64' | 'bool';
/** A dimension: a size, or a name for a size known only at run time. */
export type Dim = number | string;

const ELEM: Record<ElemType, number> = { float: 1, int32: 6, int64: 7, bool: 9 };

export class OnnxGraphBuilder {
  private readonly onnx: Onnx;
  private readonly nodes: OnnxProto.onnx.INodeProto[] = [];
  private readonly initializers: OnnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: OnnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: OnnxProto.onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private counter = 0;

  constructor() {
    this.onnx = (require('onnx-proto') as typeof OnnxProto).onnx;
  }

  /** A fresh value name derived from `hint`. */
  fresh(hint: string): string {
    let name: string;
    do name = `${hint}/__onnx${this.counter++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  node(op: string, inputs: string[], outputs: string[], attrs: Record<string, number | number[]> = {}): void {
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v)
        ? { name, type: this.onnx.AttributeProto.AttributeType.INTS, ints: v }
        : { name, type: this.onnx.AttributeProto.AttributeType.INT, i: v },
    );
    for (const o of outputs) this.names.add(o);
    this.nodes.push({ opType: op, input: inputs, output: outputs, name: outputs[0] ?? null, attribute });
  }

  /** Adds a constant; int64 values are given as numbers (all of ours are far below 2^53). */
  constant(name: string, type: 'float' | 'int64', dims: number[], values: ArrayLike<number>): string {
    const raw =
      type === 'float'
        ? values instanceof Float32Array
          ? values
          : Float32Array.from(values)
        : BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
    this.names.add(name);
    this.initializers.push({
      name,
      dataType: ELEM[type],
      dims,
      rawData: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
    });
    return name;
  }

  /** A fresh 1-D int64 constant, the usual form of axes, shapes and slice bounds. */
  ints(hint: string, values: number[]): string {
    return this.constant(this.fresh(hint), 'int64', [values.length], values);
  }

  input(name: string, type: ElemType, dims: Dim[]): void {
    this.names.add(name);
    this.inputs.push(this.valueInfo(name, type, dims));
  }

  output(name: string, type: ElemType, dims: Dim[]): void {
    this.outputs.push(this.valueInfo(name, type, dims));
  }

  /** Serialises the model. IR version 8 is the oldest that allows opset 18. */
  encode(opset: number, producer: string): Uint8Array {
    const model = this.onnx.ModelProto.create({
      irVersion: 8,
      producerName: producer,
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: 'graph',
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return this.onnx.ModelProto.encode(model).finish();
  }

  private valueInfo(name: string, type: ElemType, dims: Dim[]): OnnxProto.onnx.IValueInfoProto {
    return {
      name,
      type: {
        tensorType: {
          elemType: ELEM[type],
          shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
        },
      },
    };
  }
}
