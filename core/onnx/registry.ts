/**
 * The model registry: `datasets/models/<name>/model.onnx` with its `model.json` card. A model is
 * named by registry name, by a folder holding both files, or by a path to an `.onnx` file with its
 * card beside it (`<file>.json` or `model.json`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, ModelMismatchError } from '../errors.js';
import { modelCard, type ModelCard } from './model-card.js';

export const defaultModelsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../datasets/models');

export interface ResolvedModel {
  name: string;
  onnxPath: string;
  cardPath: string;
  card: ModelCard;
}

export interface ResolveModelOptions {
  /** Where registry names are looked up. @default datasets/models of this repository */
  modelsDir?: string;
  /** Recompute the ONNX file's sha256 and compare it with the card's. @default true */
  verifyHash?: boolean;
}

export function resolveModel(nameOrPath: string, options: ResolveModelOptions = {}): ResolvedModel {
  const modelsDir = options.modelsDir ?? defaultModelsDir;
  const { cardPath, onnxGuess } = locate(nameOrPath, modelsDir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(cardPath, 'utf8'));
  } catch (e) {
    throw new InvalidInputError(`model card is not valid JSON: ${(e as Error).message}`, { file: cardPath }, 'Fix the card');
  }
  const parsed = modelCard.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InvalidInputError(`model card is invalid: ${problems}`, { file: cardPath }, 'Fix the card fields listed');
  }
  const card = parsed.data;
  const onnxPath = onnxGuess ?? resolve(dirname(cardPath), card.file);
  if (!existsSync(onnxPath)) {
    throw new InvalidInputError(`model file ${card.file} named by the card is missing`, { file: onnxPath }, 'Put the .onnx file beside its card');
  }
  if (card.sha256 && options.verifyHash !== false) {
    const actual = createHash('sha256').update(readFileSync(onnxPath)).digest('hex');
    if (actual !== card.sha256) {
      throw new ModelMismatchError(`model file sha256 ${actual} differs from the card's ${card.sha256}`, { file: onnxPath }, 'Use the model the card describes, or update the card');
    }
  }
  return { name: card.name, onnxPath, cardPath, card };
}

/** Registry names: folders of `modelsDir` that hold a `model.json`. */
export function listModels(modelsDir: string = defaultModelsDir): string[] {
  if (!existsSync(modelsDir)) return [];
  return readdirSync(modelsDir)
    .filter((n) => existsSync(join(modelsDir, n, 'model.json')))
    .sort();
}

function locate(nameOrPath: string, modelsDir: string): { cardPath: string; onnxGuess?: string } {
  const asPath = resolve(nameOrPath);
  if (existsSync(asPath) && statSync(asPath).isDirectory()) return { cardPath: join(asPath, 'model.json') };
  if (existsSync(asPath) && asPath.endsWith('.onnx')) {
    const own = asPath.replace(/\.onnx$/, '.json');
    const cardPath = existsSync(own) ? own : join(dirname(asPath), 'model.json');
    if (!existsSync(cardPath)) {
      throw new InvalidInputError(`no model card beside ${basename(asPath)}`, { file: asPath }, `Write ${basename(own)} or model.json next to it (see datasets/models/README.md)`);
    }
    return { cardPath, onnxGuess: asPath };
  }
  if (existsSync(asPath) && asPath.endsWith('.json')) return { cardPath: asPath };
  const cardPath = join(modelsDir, nameOrPath, 'model.json');
  if (!existsSync(cardPath)) {
    const known = listModels(modelsDir);
    throw new InvalidInputError(`unknown model '${nameOrPath}'`, {}, `Use one of: ${known.join(', ') || '(none)'} in ${modelsDir}, or a path to a model folder or .onnx file`);
  }
  return { cardPath };
}
