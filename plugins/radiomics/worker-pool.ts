/**
 * A small worker_threads pool for image tasks. Workers load task-worker.js when compiled, or
 * task-worker.ts through a bootstrap that registers tsx (a project dependency) when running from source.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { computeTask, type ImageTask, type TaskResult } from './task.js';

interface Job {
  task: ImageTask;
  resolve: (r: TaskResult) => void;
  reject: (e: Error) => void;
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
      w.on('message', (msg: { ok: true; result: TaskResult } | { ok: false; error: { name: string; message: string } }) => {
        const job = this.busy.get(w);
        this.busy.delete(w);
        if (job) {
          if (msg.ok) job.resolve(msg.result);
          else {
            const e = new Error(msg.error.message);
            e.name = msg.error.name;
            job.reject(e);
          }
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
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(w, job);
      w.postMessage(job.task);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}

/** Runs tasks in this thread (threads ≤ 1), on the given pool, or on a temporary pool. */
export async function runTasks(tasks: ImageTask[], threads: number, pool?: WorkerPool): Promise<TaskResult[]> {
  if (!pool && (threads <= 1 || tasks.length <= 1)) return tasks.map(computeTask);
  const p = pool ?? new WorkerPool(Math.min(threads, tasks.length));
  try {
    return await Promise.all(tasks.map((t) => p.run(t)));
  } finally {
    if (!pool) await p.close();
  }
}
