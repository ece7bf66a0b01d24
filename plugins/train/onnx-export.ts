/**
 * Exports a logistic model (intercept + coefficients on the original feature scale) as an ONNX
 * graph — MatMul → Add → Sigmoid, outputs `logit` and `probability` — so a site can deploy it with
 * onnxruntime. The protobuf is written by hand (a dozen fields of onnx.proto3): no ONNX
 * dependency is needed to produce a file onnxruntime loads.
 */

/** Minimal protobuf writer: varints, length-delimited fields, fixed-width floats. */
class ProtoWriter {
  private parts: number[] = [];
  private varint(v: number): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.parts.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.parts.push(Number(x));
  }
  int(field: number, v: number): this {
    this.varint((field << 3) | 0);
    this.varint(v);
    return this;
  }
  bytes(field: number, b: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }
  message(field: number, m: ProtoWriter): this {
    return this.bytes(field, m.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const pw = () => new ProtoWriter();
const FLOAT = 1;
const DOUBLE = 11;

export interface OnnxExportOptions {
  /** Tensor element type of input and outputs. @default 'float32' */
  dtype?: 'float32' | 'float64';
  /** Graph and producer names. @default 'cohortflow-logistic' */
  name?: string;
}

function tensor(name: string, dims: number[], values: number[], elem: number): ProtoWriter {
  const raw = elem === FLOAT ? new Uint8Array(Float32Array.from(values).buffer) : new Uint8Array(Float64Array.from(values).buffer);
  const t = pw();
  for (const d of dims) t.int(1, d);
  return t.int(2, elem).string(8, name).bytes(9, raw);
}

function valueInfo(name: string, elem: number, dims: (number | string)[]): ProtoWriter {
  const shape = pw();
  for (const d of dims) shape.message(1, typeof d === 'number' ? pw().int(1, d) : pw().string(2, d));
  return pw().string(1, name).message(2, pw().message(1, pw().int(1, elem).message(2, shape)));
}

function node(op: string, inputs: string[], outputs: string[]): ProtoWriter {
  const n = pw();
  for (const i of inputs) n.string(1, i);
  for (const o of outputs) n.string(2, o);
  return n.string(3, `${op.toLowerCase()}_0`).string(4, op);
}

/** ONNX model bytes. Input `features`: [N, p] in `features` order; outputs `logit`, `probability`: [N, 1]. */
export function logisticToOnnx(features: string[], intercept: number, coefficients: ArrayLike<number>, options: OnnxExportOptions = {}): Uint8Array {
  const elem = options.dtype === 'float64' ? DOUBLE : FLOAT;
  const name = options.name ?? 'cohortflow-logistic';
  const p = features.length;
  const graph = pw()
    .message(1, node('MatMul', ['features', 'W'], ['xw']))
    .message(1, node('Add', ['xw', 'B'], ['logit']))
    .message(1, node('Sigmoid', ['logit'], ['probability']))
    .string(2, name)
    .message(5, tensor('W', [p, 1], Array.from(coefficients), elem))
    .message(5, tensor('B', [1], [intercept], elem))
    .message(11, valueInfo('features', elem, ['N', p]))
    .message(12, valueInfo('logit', elem, ['N', 1]))
    .message(12, valueInfo('probability', elem, ['N', 1]));
  // Feature order travels as model metadata (metadata_props, field 14: key/value strings).
  return pw()
    .int(1, 8)
    .string(2, 'cohortflow')
    .message(7, graph)
    .message(8, pw().string(1, '').int(2, 13))
    .message(14, pw().string(1, 'features').string(2, JSON.stringify(features)))
    .finish();
}
