/**
 * A small worker_threads pool for image tasks. Workers load task-worker.js when compiled, or
 * task-worker.ts through a bootstrap that registers tsx (a project dependency) when running from source.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as errors from '../../core/errors.js';
import type { ErrorWhere } from '../../core/errors.js';
import type { RadiomicsSettings } from './settings.js';
import { computeTask, type ImageTask, type TaskResult } from './task.js';

/** A whole case for a batch: the worker reads both files and extracts one row. */
export interface CaseJob {
  image: string;
  mask: string;
  settings: RadiomicsSettings;
  where: ErrorWhere;
}

export type WorkerRequest = { kind: 'task'; task: ImageTask } | { kind: 'case'; job: CaseJob };

interface Job {
  request: WorkerRequest;
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

const TYPED: Record<string, new (message: string) => Error> = {
  InvalidInputError: errors.InvalidInputError,
  GeometryMismatchError: errors.GeometryMismatchError,
  EmptyRegionError: errors.EmptyRegionError,
  NumericalError: errors.NumericalError,
};

/** Rebuilds the typed error a worker threw (its message already says where and how to fix). */
function revive(e: { name: string; message: string }): Error {
  const Type = TYPED[e.name];
  if (Type) {
    const err = new Type(e.message);
    return err;
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

function workerUrl(): { url: URL; execArgv: string[] } {
  const js = new URL('./task-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { url: js, execArgv: [] };
  return { url: new URL('./task-worker-tsx.mjs', import.meta.url), execArgv: [] };
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly busy = new Map<Worker, Job>();

  /** @param size number of worker threads. */
  constructor(readonly size: number) {
    const { url, execArgv } = workerUrl();
    for (let i = 0; i < size; i++) {
      const w = new Worker(url, { execArgv });
      w.on('message', (msg: { ok: true; result: unknown } | { ok: false; error: { name: string; message: string } }) => {
        const job = this.busy.get(w);
        this.busy.delete(w);
        if (job) {
          if (msg.ok) job.resolve(msg.result);
          else job.reject(revive(msg.error));
        }
        this.idle.push(w);
        this.pump();
      });
      w.on('error', (e) => {
        const job = this.busy.get(w);
        this.busy.delete(w);
        job?.reject(e);
      });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  run(task: ImageTask): Promise<TaskResult> {
    return this.submit({ kind: 'task', task }) as Promise<TaskResult>;
  }

  /** Reads and extracts one whole case on a worker (batches: one case per worker at a time). */
  runCase(job: CaseJob): Promise<Record<string, number | string>> {
    return this.submit({ kind: 'case', job }) as Promise<Record<string, number | string>>;
  }

  private submit(request: WorkerRequest): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.postMessage(job.request);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/**
 * The tasks of one case share their input arrays (image, masks, LoG's extent): put each in shared memory once, so that
 * posting a task passes a reference instead of copying megabytes per task. Tasks only read their inputs.
 */
function shareInputs(tasks: ImageTask[]): ImageTask[] {
  const copies = new Map<ArrayBufferView, ArrayBufferView>();
  const share = <T extends Float64Array | Uint8Array>(a: T): T => {
    let copy = copies.get(a) as T | undefined;
    if (!copy) {
      copy = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
      copy.set(a);
      copies.set(a, copy);
    }
    return copy;
  };
  return tasks.map((t) => ({
    ...t,
    image: { ...t.image, data: share(t.image.data) },
    roi: share(t.roi),
    morphologicalMask: share(t.morphologicalMask),
    ...(t.extent ? { extent: { ...t.extent, data: share(t.extent.data) } } : {}),
  }));
}

/** Runs tasks in this thread (threads ≤ 1), on the given pool, or on a temporary pool. */
export async function runTasks(tasks: ImageTask[], threads: number, pool?: WorkerPool): Promise<TaskResult[]> {
  if (!pool && (threads <= 1 || tasks.length <= 1)) return tasks.map(computeTask);
  const p = pool ?? new WorkerPool(Math.min(threads, tasks.length));
  try {
    return await Promise.all(shareInputs(tasks).map((t) => p.run(t)));
  } finally {
    if (!pool) await p.close();
  }
}
