import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import { TASK_QUEUE, type Config } from './config';
import { kafkaActivityAdapters } from './adapters/kafka/activity-adapters';
import { openLakeStore } from './adapters/lake';
import { openFraudMonitoringStore } from './adapters/monitoring/store';
import { openQualityResultsStore } from './adapters/quality/results-store';
import { temporalConnectionOptions } from './adapters/temporal/connection-options';
import { localSparkJob } from './stack/spark-job';
import { createActivities, type ActivityDeps } from './activities';
import type { Logger } from './log';

/** What a worker polls and the adapters its activities use. */
export interface WorkerSetup {
  readonly connection: NativeConnection;
  readonly namespace: string;
  /** Tests pass their own, so they never take the tasks of a running `streamify worker`. */
  readonly taskQueue: string;
  readonly deps: ActivityDeps;
}

/** A worker of every Streamify workflow (bundled from src/workflows/index.ts) and activity. */
export function createWorker({ connection, namespace, taskQueue, deps }: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: createActivities(deps),
    // On shutdown (SIGTERM, Ctrl-C), polling stops and activities under way get this long to finish; then they are
    // cancelled (reason WORKER_SHUTDOWN) and retried on another worker. Keep it below the supervisor's kill timeout.
    shutdownGraceTime: '30 seconds',
    // A cancellation reaches an activity in the answer to a heartbeat it sends. The SDK holds heartbeats back for up
    // to 0.8 × the heartbeat timeout (at most a minute by default); sending at most every 10 s lets a cancelled
    // transform stop its Glue run or DuckDB query within seconds, for one small call per running activity.
    maxHeartbeatThrottleInterval: '10 seconds',
  });
}

const SDK_LEVELS: Record<Config['logLevel'], LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  silent: 'ERROR',
};

/** Routes the SDK's logs (worker, workflows, activities) into the process logger, so one format covers them all. */
function installRuntime(config: Config, log: Logger): void {
  const logger = new DefaultLogger(SDK_LEVELS[config.logLevel], ({ level, message, meta }) => {
    // An activity's log attributes carry its task token: a credential to complete the activity, and a long one.
    const attributes = { ...meta };
    delete attributes.taskToken;
    log[level.toLowerCase() as Lowercase<LogLevel>](attributes, message);
  });
  // The CLI's interrupt handling stops the worker, so the SDK installs no signal handlers of its own.
  Runtime.install({
    logger,
    shutdownSignals: [],
    // The SDK's own metrics (task latencies, slots, polls, activity and workflow outcomes), named the Prometheus way.
    telemetryOptions:
      config.workerMetricsPort === 0
        ? {}
        : {
            metrics: {
              prometheus: { bindAddress: `${config.metricsHost}:${config.workerMetricsPort}`, countersTotalSuffix: true, unitSuffix: true },
            },
          },
  });
}

/**
 * Runs a worker on the configured Temporal, lake and warehouse, polling TASK_QUEUE until the signal fires; then
 * it stops polling, lets activities under way finish, and closes what it opened.
 */
export async function runWorker(config: Config, log: Logger, signal: AbortSignal, taskQueue: string = TASK_QUEUE): Promise<void> {
  installRuntime(config, log);
  // Logged once at debug so a misconfiguration can be read off the log; the logger redacts the secrets.
  log.debug({ config }, 'worker configuration');
  const connectionOptions = temporalConnectionOptions(config);
  const connection = await NativeConnection.connect(connectionOptions);
  const lake = openLakeStore(config);
  const qualityResults = openQualityResultsStore(config);
  // Local or cloud is chosen here, once, from the configuration; activities get the adapters.
  const fraudMonitoring = openFraudMonitoringStore(config);
  const kafka = kafkaActivityAdapters(config);
  try {
    const worker = await createWorker({
      connection,
      namespace: config.temporalNamespace,
      taskQueue,
      deps: { config, lake, qualityResults, fraudMonitoring, kafka, sparkJob: localSparkJob(config) },
    });
    if (signal.aborted) return;
    signal.addEventListener('abort', () => worker.shutdown(), { once: true });
    const { address, tls, apiKey } = connectionOptions;
    log.info(
      { taskQueue, namespace: config.temporalNamespace, address, tls: tls !== undefined, apiKeyAuth: apiKey !== undefined },
      'worker polling',
    );
    await worker.run();
    log.info('worker stopped');
  } finally {
    lake.close();
    await qualityResults.close();
    await fraudMonitoring.close();
    await connection.close();
  }
}
