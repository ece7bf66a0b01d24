/**
 * Loads an XGBoost model saved with `save_model("….json")` (gbtree booster, numerical splits)
 * into a `TreeEnsemble`. Leaf values are `split_conditions` at leaves (already scaled by eta);
 * covers are `sum_hessian`.
 */
import { readFileSync } from 'node:fs';
import { ModelMismatchError } from '../../core/errors.js';
import type { Tree, TreeEnsemble } from './tree-model.js';

interface XgbTreeJson {
  left_children: number[];
  right_children: number[];
  default_left: number[] | boolean[];
  split_indices: number[];
  split_conditions: number[];
  sum_hessian: number[];
  split_type?: number[];
}

export function parseXgboostJson(json: unknown, file = 'model.json'): TreeEnsemble {
  const learner = (json as { learner?: Record<string, any> }).learner;
  const booster = learner?.gradient_booster;
  if (!learner || booster?.name !== 'gbtree') throw new ModelMismatchError('not an XGBoost gbtree JSON model', { file }, 'Save the booster with save_model("model.json")');
  const objective = learner.objective?.name;
  if (objective !== 'binary:logistic' && objective !== 'reg:squarederror') throw new ModelMismatchError(`objective ${objective} is not supported`, { file }, 'Use binary:logistic or reg:squarederror');
  const baseScore = Number(learner.learner_model_param.base_score);
  const baseMargin = objective === 'binary:logistic' ? Math.log(baseScore / (1 - baseScore)) : baseScore;
  const nFeature = Number(learner.learner_model_param.num_feature);
  const featureNames: string[] = learner.feature_names?.length ? learner.feature_names : Array.from({ length: nFeature }, (_, j) => `f${j}`);
  const trees: Tree[] = (booster.model.trees as XgbTreeJson[]).map((t, k) => {
    if (t.split_type?.some((s) => s !== 0)) throw new ModelMismatchError(`tree ${k} has categorical splits, which are not supported`, { file });
    const value = Float64Array.from(t.split_conditions, (v) => Math.fround(v));
    return {
      left: Int32Array.from(t.left_children),
      right: Int32Array.from(t.right_children),
      defaultLeft: Uint8Array.from(t.default_left as number[], Number),
      feature: Int32Array.from(t.split_indices),
      threshold: value,
      value,
      cover: Float64Array.from(t.sum_hessian),
    };
  });
  return { trees, baseMargin, featureNames, objective };
}

export function loadXgboostJson(path: string): TreeEnsemble {
  return parseXgboostJson(JSON.parse(readFileSync(path, 'utf8')), path);
}
