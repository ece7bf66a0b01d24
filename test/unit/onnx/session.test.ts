import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/refdata.js';
import { InvalidInputError, ModelMismatchError } from '../../../core/errors.js';
import { chooseProviders, probeAccelerators, type AcceleratorProbe } from '../../../core/onnx/execution-provider.js';
import { listModels, resolveModel } from '../../../core/onnx/registry.js';
import { createOnnxSession } from '../../../core/onnx/session.js';

const backends = [
  { name: 'cpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];
const gpuMachine: AcceleratorProbe = { backends, cudaLibrary: true, tensorrtLibrary: false, nvidiaDriver: true, bindingDir: '/x' };
const cpuMachine: AcceleratorProbe = { backends, cudaLibrary: false, tensorrtLibrary: false, nvidiaDriver: false, bindingDir: '/x' };

describe('execution provider choice', () => {
  it('uses CUDA for gpu devices only when the provider library and a driver are present', () => {
    expect(chooseProviders('gpu', gpuMachine).providers).toEqual(['cuda', 'cpu']);
    expect(chooseProviders('gpu-preferred', gpuMachine).providers).toEqual(['cuda', 'cpu']);
    expect(chooseProviders('gpu-preferred', { ...gpuMachine, tensorrtLibrary: true }).providers).toEqual(['tensorrt', 'cuda', 'cpu']);
    expect(chooseProviders('cpu', gpuMachine).providers).toEqual(['cpu']);
  });

  it('falls back to CPU with a reason for gpu-preferred, and refuses gpu, on a machine without CUDA', () => {
    const preferred = chooseProviders('gpu-preferred', cpuMachine);
    expect(preferred.providers).toEqual(['cpu']);
    expect(preferred.reason).toMatch(/fell back to CPU.*libonnxruntime_providers_cuda.*no NVIDIA driver/);
    expect(chooseProviders('gpu', { ...cpuMachine, cudaLibrary: true }).providers).toBeNull();
    expect(chooseProviders('gpu', { ...cpuMachine, nvidiaDriver: true }).reason).toMatch(/libonnxruntime_providers_cuda/);
  });

  it('creates real sessions on the provider this machine supports', async () => {
    const probe = probeAccelerators();
    expect(probe.backends.map((b) => b.name)).toContain('cpu');
    const model = resolveModel('meshnet').onnxPath;
    const hasCuda = probe.cudaLibrary && probe.nvidiaDriver;
    const preferred = await createOnnxSession(model, { device: 'gpu-preferred', intraOpThreads: 1 });
    expect(preferred.provider).toBe(hasCuda ? 'cuda' : 'cpu');
    if (hasCuda) {
      expect((await createOnnxSession(model, { device: 'gpu' })).provider).toBe('cuda');
    } else {
      await expect(createOnnxSession(model, { device: 'gpu' })).rejects.toThrow(InvalidInputError);
      await expect(createOnnxSession(model, { device: 'gpu' })).rejects.toThrow(/device 'gpu' requested but no GPU execution provider is usable/);
    }
    const cpu = await createOnnxSession(model, { device: 'cpu', intraOpThreads: 1 });
    expect(cpu.provider).toBe('cpu');
    expect(cpu.session.inputNames).toEqual(['input']);
  });
});

describe('model registry', () => {
  it('lists the shipped models and reads their cards', () => {
    expect(listModels()).toContain('meshnet');
    const m = resolveModel('meshnet');
    expect(m.card.labels).toEqual({ 0: 'background', 1: 'white matter', 2: 'grey matter' });
    expect(m.card.orientation).toBe('LIA');
    expect(resolveModel(m.onnxPath).card.name).toBe('meshnet');
  });

  it('refuses an unknown name, a model file that differs from its card, and an invalid card', () => {
    expect(() => resolveModel('no-such-model')).toThrow(/unknown model 'no-such-model'.*meshnet/);
    const dir = mkdtempSync(join(tmpdir(), 'cf-registry-'));
    cpSync(resolveModel('meshnet').cardPath, join(dir, 'model.json'));
    cpSync(join(repoRoot, 'test/fixtures/models/two-channel/model.onnx'), join(dir, 'model.onnx'));
    expect(() => resolveModel(dir)).toThrow(ModelMismatchError);
    const card = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    delete card.sha256;
    card.normalization = { type: 'histogram' };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(card));
    expect(() => resolveModel(dir)).toThrow(/model card is invalid: normalization/);
  });
});
