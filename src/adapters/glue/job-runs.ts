import {
  BatchStopJobRunCommand,
  GetJobCommand,
  GetJobRunCommand,
  GetJobRunsCommand,
  GlueClient,
  StartJobRunCommand,
  type GlueClientConfig,
} from '@aws-sdk/client-glue';
import type { Config } from '../../config';
import { AWS_HTTP_TIMEOUTS, AWS_SDK_MAX_ATTEMPTS } from '../aws/sdk-retries';

/** A run of a Glue job, as far as the ETL cares. */
export interface GlueRun {
  readonly id: string;
  /** JobRunState: STARTING, RUNNING, SUCCEEDED, FAILED, … */
  readonly state: string | undefined;
  readonly arguments: Readonly<Record<string, string>>;
  readonly errorMessage?: string;
}

/** The Glue calls the hourly transform makes; tests pass a fake to drive states moto cannot produce. */
export interface GlueJobRuns {
  /** Rejects (EntityNotFoundException) when the job does not exist. */
  checkJob(jobName: string): Promise<void>;
  /** The job's most recent runs, newest first. */
  recentRuns(jobName: string): Promise<GlueRun[]>;
  /** Starts a run; resolves to its id. */
  start(jobName: string, args: Readonly<Record<string, string>>): Promise<string>;
  get(jobName: string, runId: string): Promise<GlueRun>;
  /** Asks Glue to stop a run (it goes STOPPING, then STOPPED); rejects when Glue refuses, with its reason. */
  stop(jobName: string, runId: string): Promise<void>;
}

/**
 * A Glue client for the configured region, or GLUE_ENDPOINT (moto) when set; the SDK's credential chain unless given.
 * The SDK makes AWS_SDK_MAX_ATTEMPTS attempts of a failing call, each bounded by AWS_HTTP_TIMEOUTS.
 */
export function createGlueClient(c: Pick<Config, 'awsRegion' | 'glueEndpoint'>, credentials?: GlueClientConfig['credentials']): GlueClient {
  return new GlueClient({
    region: c.awsRegion,
    maxAttempts: AWS_SDK_MAX_ATTEMPTS,
    requestHandler: AWS_HTTP_TIMEOUTS,
    ...(c.glueEndpoint ? { endpoint: c.glueEndpoint } : {}),
    ...(credentials ? { credentials } : {}),
  });
}

/** GlueJobRuns over the AWS SDK. */
export function glueJobRuns(client: GlueClient): GlueJobRuns {
  const runOf = (r: { Id?: string; JobRunState?: string; Arguments?: Record<string, string>; ErrorMessage?: string }): GlueRun => ({
    id: r.Id ?? '',
    state: r.JobRunState,
    arguments: r.Arguments ?? {},
    ...(r.ErrorMessage ? { errorMessage: r.ErrorMessage } : {}),
  });
  return {
    async checkJob(jobName) {
      await client.send(new GetJobCommand({ JobName: jobName }));
    },
    async recentRuns(jobName) {
      // One page (the newest runs) is enough: a retried activity looks for the run it started minutes ago.
      const page = await client.send(new GetJobRunsCommand({ JobName: jobName, MaxResults: 200 }));
      return (page.JobRuns ?? []).map(runOf);
    },
    async start(jobName, args) {
      const started = await client.send(new StartJobRunCommand({ JobName: jobName, Arguments: { ...args } }));
      if (!started.JobRunId) throw new Error(`Glue returned no run id for job ${jobName}`);
      return started.JobRunId;
    },
    async get(jobName, runId) {
      const found = await client.send(new GetJobRunCommand({ JobName: jobName, RunId: runId }));
      if (!found.JobRun) throw new Error(`Glue has no run ${runId} of job ${jobName}`);
      return runOf(found.JobRun);
    },
    async stop(jobName, runId) {
      // BatchStopJobRun is Glue's only stop call; it answers 200 and lists the runs it could not stop.
      const stopped = await client.send(new BatchStopJobRunCommand({ JobName: jobName, JobRunIds: [runId] }));
      const refused = stopped.Errors?.find((e) => e.JobRunId === runId) ?? stopped.Errors?.[0];
      if (refused) {
        const { ErrorCode, ErrorMessage } = refused.ErrorDetail ?? {};
        throw new Error(`Glue did not stop run ${runId} of job ${jobName}: ${ErrorCode ?? 'error'} ${ErrorMessage ?? ''}`.trim());
      }
    },
  };
}
