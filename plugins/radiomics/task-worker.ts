/**
 * Worker-thread entry: computes image tasks posted by WorkerPool.
 */
import { parentPort } from 'node:worker_threads';
import { computeTask, type ImageTask } from './task.js';

parentPort?.on('message', (task: ImageTask) => {
  try {
    parentPort!.postMessage({ ok: true, result: computeTask(task) });
  } catch (e) {
    const err = e as Error;
    parentPort!.postMessage({ ok: false, error: { name: err.name, message: err.message } });
  }
});
