import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { logisticToOnnx } from '../../../plugins/train/onnx-export.js';

describe('ONNX export of a logistic model', () => {
  const features = ['age', 'original_shape_Sphericity', 'original_glcm_Contrast'];
  const intercept = -1.25;
  const coefs = [0.031, -2.4, 0.0007];
  const rows = [
    [63, 0.71, 120.5],
    [45, 0.9, 15.25],
    [80, 0.42, 900],
    [55, 0.66, 0],
  ];
  const expected = rows.map((r) => intercept + r.reduce((s, v, j) => s + v * coefs[j], 0));

  for (const dtype of ['float32', 'float64'] as const) {
    it(`loads in onnxruntime and reproduces logits and probabilities (${dtype})`, async () => {
      const bytes = logisticToOnnx(features, intercept, coefs, { dtype });
      const session = await ort.InferenceSession.create(bytes);
      expect(session.inputNames).toEqual(['features']);
      expect(session.outputNames).toEqual(['logit', 'probability']);
      const data = dtype === 'float32' ? Float32Array.from(rows.flat()) : Float64Array.from(rows.flat());
      const out = await session.run({ features: new ort.Tensor(dtype, data, [rows.length, 3]) });
      const logit = Array.from(out.logit.data as Float32Array);
      const prob = Array.from(out.probability.data as Float32Array);
      const tol = dtype === 'float32' ? 1e-5 : 1e-12;
      expected.forEach((e, i) => {
        expect(Math.abs(logit[i] - e)).toBeLessThan(tol * Math.max(1, Math.abs(e)));
        expect(Math.abs(prob[i] - 1 / (1 + Math.exp(-e)))).toBeLessThan(tol);
      });
      await session.release();
    });
  }
});
