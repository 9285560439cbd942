import { Worker } from 'node:worker_threads';

// Workers do not inherit the tsx hooks that let this process run TypeScript; the thread registers them itself,
// from paths resolved here (an eval'd worker resolves modules from the working directory).
const BOOTSTRAP = "const { workerData } = require('node:worker_threads'); require(workerData.tsx); require(workerData.module);";

/** A worker thread running one of this project's modules (a resolved path), with `data` as its workerData. */
export function startModuleWorker(modulePath: string, data: object): Worker {
  return new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, tsx: require.resolve('tsx/cjs'), module: modulePath } });
}

/**
 * The replies of a worker that answers requests one by one, in the order they were posted. Once the worker fails
 * (or is closed), every request waiting and every later one is refused with that failure.
 */
export class InOrderReplies<T> {
  private readonly waiting: { resolve(reply: T): void; reject(err: unknown): void }[] = [];
  private failed: { readonly error: unknown } | undefined;

  /** Posts a request (by calling `post`) and resolves with its reply. */
  ask(post: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.failed !== undefined) return reject(this.failed.error);
      this.waiting.push({ resolve, reject });
      post();
    });
  }

  /** The reply to the oldest request waiting. */
  answer(reply: T): void {
    this.waiting.shift()?.resolve(reply);
  }

  /** Refuses every request from now on; the first failure is the one given. Returns it. */
  fail(error: unknown): unknown {
    this.failed ??= { error };
    for (const w of this.waiting.splice(0)) w.reject(this.failed.error);
    return this.failed.error;
  }
}
