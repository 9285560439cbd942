import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { localLakeStore, type LakeStore } from '../../src/adapters/lake';
import { openQualityResultsStore, type QualityResultsStore } from '../../src/adapters/quality/results-store';
import { connectTemporal, temporalClient } from '../../src/adapters/temporal/connection';
import type { ActivityDeps } from '../../src/activities';
import type { Config } from '../../src/config';
import { createWorker } from '../../src/worker';
import { testConfig, uniqueName } from './config';

/** A real worker on a task queue of its own, over a temporary lake and warehouse (a file unless WAREHOUSE says otherwise), and a client. */
export interface TestWorker {
  readonly config: Config;
  readonly client: Client;
  readonly taskQueue: string;
  readonly lake: LakeStore;
  /** Where the worker's data-quality checks record results and overrides. */
  readonly qualityResults: QualityResultsStore;
  readonly dir: string;
  stop(): Promise<void>;
}

/** Adapters a test hands the worker instead of the temporary local ones: an S3 lake, a Glue or warehouse client with faults. */
export type TestWorkerAdapters = Partial<Pick<ActivityDeps, 'lake' | 'glue' | 'warehouse'>>;

/**
 * Starts a worker of every workflow and activity with the test configuration plus `overrides`, over a temporary lake
 * and warehouse file unless `adapters` gives others (their owner closes them).
 */
export async function startTestWorker(overrides: Record<string, string> = {}, adapters: TestWorkerAdapters = {}): Promise<TestWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'streamify-worker-'));
  const config = testConfig({
    LAKE_URL: adapters.lake?.url ?? `file://${join(dir, 'lake')}`,
    WAREHOUSE_DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
    ...overrides,
  });
  const lake = adapters.lake ?? localLakeStore(config.lakeUrl);
  const qualityResults = openQualityResultsStore(config);
  const taskQueue = uniqueName('worker');
  const workerConnection = await NativeConnection.connect({ address: config.temporalAddress });
  const connection: Connection = await connectTemporal(config);
  const worker: Worker = await createWorker({
    connection: workerConnection,
    namespace: config.temporalNamespace,
    taskQueue,
    deps: { ...adapters, config, lake, qualityResults },
  });
  const running = worker.run();
  return {
    config,
    client: temporalClient(connection, config),
    taskQueue,
    lake,
    qualityResults,
    dir,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await workerConnection.close();
      if (!adapters.lake) lake.close();
      await qualityResults.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
