/**
 * Reads a TF.js graph model from disk: model.json (the GraphDef as JSON) plus its weight shards. Only
 * what the ONNX converter needs; no TF.js code is loaded.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CrisisDeskError } from '../../../errors.ts';

/** One attribute of a GraphDef node, as TF.js's converter writes it to JSON. */
export interface TfAttr {
  i?: string | number;
  b?: boolean;
  f?: number;
  s?: string | number[];
  type?: number | string;
  list?: { i?: (string | number)[] };
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

/** A constant's values; TF.js stores int32 and float32 only (for this model). */
export interface TfConst {
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface TfGraph {
  nodes: TfNode[];
  consts: Map<string, TfConst>;
}

interface ModelJson {
  modelTopology: { node: TfNode[] };
  weightsManifest: {
    paths: string[];
    weights: { name: string; shape: number[]; dtype: string; quantization?: unknown }[];
  }[];
}

export async function readTfjsGraph(modelJsonPath: string): Promise<TfGraph> {
  const dir = path.dirname(modelJsonPath);
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as ModelJson;
  const consts = new Map<string, TfConst>();
  for (const group of json.weightsManifest) {
    const shards = await Promise.all(group.paths.map((p) => readFile(path.join(dir, p))));
    const bytes = Buffer.concat(shards);
    let offset = 0;
    for (const w of group.weights) {
      if (w.quantization !== undefined || (w.dtype !== 'float32' && w.dtype !== 'int32')) {
        throw new CrisisDeskError(
          'ModelError',
          `tfjs weight ${w.name}: expected unquantized float32 or int32, got ${w.dtype}`,
        );
      }
      const count = w.shape.reduce((a, b) => a * b, 1);
      // Copy so the typed array is 4-byte aligned whatever the offset inside the shard buffer.
      const slice = bytes.subarray(offset, offset + count * 4);
      const aligned = new Uint8Array(slice).buffer;
      const data = w.dtype === 'float32' ? new Float32Array(aligned) : new Int32Array(aligned);
      consts.set(w.name, { dtype: w.dtype, shape: w.shape, data });
      offset += count * 4;
    }
    if (offset !== bytes.length) {
      throw new CrisisDeskError(
        'ModelError',
        `tfjs weights: expected ${offset} bytes in the shards, got ${bytes.length}`,
      );
    }
  }
  return { nodes: json.modelTopology.node, consts };
}

/** Integer attribute (TF.js writes int64 as strings). */
export function attrInt(node: TfNode, key: string, fallback?: number): number {
  const a = node.attr?.[key];
  if (a?.i !== undefined) return Number(a.i);
  if (fallback !== undefined) return fallback;
  throw new CrisisDeskError(
    'ModelError',
    `tf node ${node.name} (${node.op}): expected attribute ${key}, got none`,
  );
}

export function attrBool(node: TfNode, key: string): boolean {
  return node.attr?.[key]?.b === true;
}

/** String attribute; TF.js writes bytes either base64-encoded or as char codes. */
export function attrString(node: TfNode, key: string): string | undefined {
  const s = node.attr?.[key]?.s;
  if (s === undefined) return undefined;
  if (Array.isArray(s)) return String.fromCharCode(...s);
  return Buffer.from(s, 'base64').toString('utf8');
}

/** GraphDef DataType enum of a type attribute (DT_FLOAT = 1, DT_INT32 = 3, DT_INT64 = 9, DT_BOOL = 10). */
export function attrType(node: TfNode, key: string): number {
  const t = node.attr?.[key]?.type;
  const byName: Record<string, number> = { DT_FLOAT: 1, DT_INT32: 3, DT_INT64: 9, DT_BOOL: 10 };
  const n = typeof t === 'string' ? byName[t] : t;
  if (n === undefined)
    throw new CrisisDeskError(
      'ModelError',
      `tf node ${node.name} (${node.op}): expected type attribute ${key}, got ${String(t)}`,
    );
  return n;
}
