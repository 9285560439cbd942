import { Worker } from 'node:worker_threads';

// Workers do not inherit the tsx hooks that let this process run TypeScript; the thread registers them itself,
// from paths resolved here (an eval'd worker resolves modules from the working directory).
const BOOTSTRAP = "const { workerData } = require('node:worker_threads'); require(workerData.tsx); require(workerData.module);";

/** A worker thread running one of this project's modules (a resolved path), with `data` as its workerData. */
export function startModuleWorker(modulePath: string, data: object): Worker {
  return new Worker(BOOTSTRAP, { eval: true, workerData: { ...data, tsx: require.resolve('tsx/cjs'), module: modulePath } });
}
