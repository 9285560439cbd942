// How the hourly transform talks to a Glue job: the arguments of a run and what each run state means. Pure.
import { DATASETS, type DatasetName } from '../lake/datasets';

/** What a Glue job run's state means for the activity waiting on it. */
export type GlueRunOutcome = 'running' | 'succeeded' | 'failed';

const RUNNING_STATES = new Set(['STARTING', 'RUNNING', 'STOPPING', 'WAITING']);

/**
 * Maps a JobRunState to running (poll again), succeeded or failed. FAILED, TIMEOUT, ERROR, STOPPED and EXPIRED fail,
 * and so does a state this code does not know: a clear failure beats polling forever.
 */
export function glueRunOutcome(state: string | undefined): GlueRunOutcome {
  if (state === 'SUCCEEDED') return 'succeeded';
  return state !== undefined && RUNNING_STATES.has(state) ? 'running' : 'failed';
}

/** Whether a run can be adopted instead of starting another: under way or already done. */
export function isReusableRun(state: string | undefined): boolean {
  const outcome = glueRunOutcome(state);
  return outcome === 'running' || outcome === 'succeeded';
}

const SPARK_TYPES: Record<string, string> = {
  VARCHAR: 'STRING',
  DOUBLE: 'DOUBLE',
  BIGINT: 'BIGINT',
  INTEGER: 'INT',
  BOOLEAN: 'BOOLEAN',
  // Explicit: the job reads a bare TIMESTAMP as one without a zone, as DuckDB does.
  TIMESTAMPTZ: 'TIMESTAMP_LTZ',
  'VARCHAR[]': 'ARRAY<STRING>',
};

/** A raw dataset's columns as a Spark DDL schema: the Glue job reads an hour without files as an empty view of it. */
export function sparkSchemaOf(dataset: DatasetName): string {
  return DATASETS[dataset].columns.map((c) => `${c.name} ${SPARK_TYPES[c.type] ?? 'STRING'}`).join(', ');
}

/** The Spark schemas of raw datasets, as the job's --raw_schemas takes them: dataset → DDL. */
function sparkSchemas(datasets: readonly DatasetName[]): Record<string, string> {
  return Object.fromEntries(datasets.map((d) => [d, sparkSchemaOf(d)]));
}

/** The text of glue/raw_schemas.json: every raw dataset's Spark schema, which the job reads when run without --raw_schemas. */
export function rawSchemasFileText(): string {
  return `${JSON.stringify(sparkSchemas(Object.keys(DATASETS) as DatasetName[]), null, 2)}\n`;
}

/** What identifies a run: the hour and the workflow run, so a retried activity finds its own run and a new ETL run starts afresh. */
export interface GlueRunKey {
  /** `YYYY-MM-DDTHH`, UTC. */
  readonly hour: string;
  readonly etlRunId: string;
}

/** The arguments of a run of the transform job (glue/transform_job.py reads them). */
export function glueJobArguments(key: GlueRunKey, lakeUrl: string, inputs: readonly DatasetName[]): Record<string, string> {
  return {
    '--hour': key.hour,
    '--etl_run_id': key.etlRunId,
    '--lake_url': lakeUrl.replace(/\/$/, ''),
    '--raw_schemas': JSON.stringify(sparkSchemas(inputs)),
  };
}

/** Whether a run's arguments are those of this key's run. */
export function isRunOf(key: GlueRunKey, args: Readonly<Record<string, string>> | undefined): boolean {
  return args?.['--hour'] === key.hour && args['--etl_run_id'] === key.etlRunId;
}
