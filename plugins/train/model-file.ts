/**
 * A trained model on disk: `<dir>/model.json` (type-tagged), plus `model.onnx` for logistic
 * models. The same file is read by `cohortflow predict` and can be shipped to a site.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, ModelMismatchError } from '../../core/errors.js';
import type { Table } from '../../core/tables/table.js';
import type { LogisticModel } from './external-validation.js';
import { logisticToOnnx } from './onnx-export.js';
import { predictProbability, type Tree, type TreeEnsemble } from './tree-model.js';
import { svmProbability, type LinearSvm } from './svm.js';
import { mlpPredict, type MlpShape } from './mlp.js';

export interface TreeModelFile {
  type: 'trees';
  kind: 'random-forest' | 'gradient-boosting';
  features: string[];
  ensemble: TreeEnsemble;
  threshold?: number;
}

export interface SvmModelFile {
  type: 'svm';
  features: string[];
  svm: LinearSvm;
  threshold?: number;
}

export interface MlpModelFile {
  type: 'mlp';
  features: string[];
  shape: MlpShape;
  weights: number[];
  means: number[];
  sds: number[];
  threshold?: number;
}

export type ModelFile = LogisticModel | TreeModelFile | SvmModelFile | MlpModelFile;

const treeToJson = (t: Tree) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Array.from(v as ArrayLike<number>)]));
const treeFromJson = (t: Record<string, number[]>): Tree => ({
  left: Int32Array.from(t.left), right: Int32Array.from(t.right), defaultLeft: Uint8Array.from(t.defaultLeft), feature: Int32Array.from(t.feature),
  threshold: Float64Array.from(t.threshold), value: Float64Array.from(t.value), cover: Float64Array.from(t.cover),
});

export function saveModel(dir: string, model: ModelFile): string[] {
  mkdirSync(dir, { recursive: true });
  const written = [join(dir, 'model.json')];
  const json = model.type === 'trees' ? { ...model, ensemble: { ...model.ensemble, trees: model.ensemble.trees.map(treeToJson) } } : model;
  writeFileSync(written[0], JSON.stringify(json, null, 1));
  if (model.type === 'logistic') {
    written.push(join(dir, 'model.onnx'));
    writeFileSync(written[1], logisticToOnnx(model.features, model.intercept, model.coefficients));
  }
  return written;
}

export function loadModel(dir: string): ModelFile {
  const file = join(dir, 'model.json');
  let raw: any;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidInputError(`cannot read ${file}: ${(e as Error).message}`, { file }, 'Point --model at a directory written by `cohortflow train`');
  }
  if (raw.type === 'logistic' || raw.type === 'svm' || raw.type === 'mlp') return raw as ModelFile;
  if (raw.type === 'trees') return { ...raw, ensemble: { ...raw.ensemble, trees: raw.ensemble.trees.map(treeFromJson) } } as TreeModelFile;
  throw new ModelMismatchError(`unknown model type "${raw.type}"`, { file });
}

/** Predicted probabilities for every row of `t` (NaN where a feature is missing). */
export function predictTable(model: ModelFile, t: Table): Float64Array {
  const n = t.names.length ? t.columns[t.names[0]].length : 0;
  const cols = model.features.map((f) => {
    const c = t.columns[f];
    if (!(c instanceof Float64Array)) throw new ModelMismatchError(`the model needs numeric column "${f}", which the input ${c ? 'has as text' : 'lacks'}`, {}, 'Give the same feature columns the model was trained on');
    return c;
  });
  const out = new Float64Array(n);
  if (model.type === 'mlp') {
    const std = cols.map((c, j) => Float64Array.from(c, (v) => (model.sds[j] > 0 ? (v - model.means[j]) / model.sds[j] : 0)));
    return mlpPredict(model.shape, Float64Array.from(model.weights), std);
  }
  const row = new Float64Array(cols.length);
  for (let i = 0; i < n; i++) {
    cols.forEach((c, j) => (row[j] = c[i]));
    if (model.type === 'logistic') {
      let eta = model.intercept;
      for (let j = 0; j < row.length; j++) if (model.coefficients[j] !== 0) eta += model.coefficients[j] * row[j];
      out[i] = 1 / (1 + Math.exp(-eta));
    } else if (model.type === 'svm') out[i] = svmProbability(model.svm, row);
    else out[i] = predictProbability(model.ensemble, row);
  }
  return out;
}
