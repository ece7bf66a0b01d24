/**
 * Worker-thread entry: computes image tasks, or whole cases (read + extract) for batches, posted by
 * WorkerPool. Errors travel back as name + message and are revived as the same typed error.
 */
import { parentPort } from 'node:worker_threads';
import { readImage } from '../../core/image/io.js';
import { extractFeatures } from './extractor.js';
import { computeTask } from './task.js';
import type { WorkerRequest } from './worker-pool.js';

parentPort?.on('message', async (msg: WorkerRequest) => {
  try {
    if (msg.kind === 'task') {
      parentPort!.postMessage({ ok: true, result: computeTask(msg.task) });
      return;
    }
    const { image, mask, settings, where } = msg.job;
    const [img, msk] = await Promise.all([readImage(image, { where }), readImage(mask, { where })]);
    const row = await extractFeatures(img, msk, settings, { where: { ...where, file: image }, threads: 1 });
    parentPort!.postMessage({ ok: true, result: row });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ ok: false, error: { name: err.name, message: err.message } });
  }
});
