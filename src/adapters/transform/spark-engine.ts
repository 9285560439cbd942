import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { glueJobArguments } from '../../domain/etl/glue-run';
import { TransformJobFailedError, type TransformEngine } from './engine';

/** How long a cancelled job gets to stop after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;
/** How much of the job's output is kept for a failure's message. */
const OUTPUT_TAIL_CHARS = 16_000;

/** The Glue job's script on local PySpark: what runs it and where its files are. */
export interface SparkJob {
  /** The Python of a venv with PySpark. */
  readonly python: string;
  /** glue/transform_job.py, or a deployed copy of it. */
  readonly script: string;
  /** The folder of steps.json and the steps' SQL (Glue's --extra-files). */
  readonly sqlDir: string;
  /** Makes PySpark ready (installs it on first use, which takes minutes); awaited before each run. */
  readonly prepare: () => Promise<void>;
  /** Checks, in seconds, what no install can fix (a JDK); the ETL's health check runs it. */
  readonly check: () => Promise<void>;
}

/** The lines of a failed job's output that say why: the exception (Python's or Spark's), not the indented stack frames. */
function whyItFailed(output: string): string {
  const lines = output.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('Traceback'));
  return lines.slice(-2).join(' | ').slice(-2000);
}

/**
 * Runs the venv's Python to its end, telling `onStart` its process id; rejects with TransformJobFailedError on a
 * non-zero exit, or with the signal's reason once it has stopped.
 */
function runPython(python: string, args: readonly string[], signal?: AbortSignal, onStart?: (pid: number) => void): Promise<void> {
  return new Promise<void>((done, fail) => {
    signal?.throwIfAborted();
    // A process group of its own: a cancellation stops Python, spark-submit and the JVM together.
    const child = spawn(python, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The driver binds to loopback: a local job needs no other address.
      env: { ...process.env, SPARK_LOCAL_IP: '127.0.0.1', PYSPARK_PYTHON: python },
    });
    const { pid } = child;
    if (pid !== undefined) onStart?.(pid);
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const signalGroup = (name: NodeJS.Signals): void => {
      try {
        if (pid !== undefined) process.kill(-pid, name);
      } catch {
        // The group has gone already.
      }
    };
    const stop = (): void => {
      signalGroup('SIGTERM');
      // The JVM may outlive Python (it runs its shutdown hooks), so the timer is kept past the close below.
      setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS).unref();
    };
    signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (err) => fail(err));
    child.on('close', (code, killedBy) => {
      signal?.removeEventListener('abort', stop);
      if (signal?.aborted) fail(signal.reason);
      else if (code === 0) done();
      else fail(new TransformJobFailedError(`python ${args[0] ?? ''} exited with ${code ?? killedBy}: ${whyItFailed(output)}`));
    });
  });
}

/**
 * The Spark engine (GLUE_MODE=spark): glue/transform_job.py on local PySpark, started with the arguments Glue gets
 * (the lake as a file:// URL), writing the curated tables where the DuckDB engine writes them. Needs a file:// lake.
 */
export function sparkTransformEngine(lakeUrl: string, job: SparkJob): TransformEngine {
  const lakeFileUrl = pathToFileURL(resolve(lakeUrl.replace(/^file:\/\//, ''))).href;
  return {
    name: 'spark',
    description: `Spark job ${job.script}`,
    async checkHealth() {
      await job.check();
      return ['spark'];
    },
    async transform({ hour, etlRunId, transform, signal, onProgress }) {
      await job.prepare();
      // The arguments a Glue run gets, and where the SQL is (Glue puts it in the working directory).
      const args = Object.entries(glueJobArguments({ hour, etlRunId }, lakeFileUrl, transform.plan.inputs)).flat();
      await runPython(job.python, [job.script, ...args, '--sql_dir', job.sqlDir], signal, (pid) => onProgress?.(`spark job pid ${pid}`));
      return {};
    },
  };
}
