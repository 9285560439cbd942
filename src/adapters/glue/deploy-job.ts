import { join } from 'node:path';
import { CreateJobCommand, GetJobCommand, UpdateJobCommand, type GlueClient } from '@aws-sdk/client-glue';
import type { LakeStore } from '../lake/store';
import { loadTransformSql } from '../transform/sql-files';

/** The Glue version the job runs on (Spark 3.5, Python 3.11). */
const GLUE_VERSION = '5.0';

/** What a deploy left on S3 and in Glue. */
export interface DeployedGlueJob {
  /** The script's S3 URL: the job's Command.ScriptLocation. */
  readonly scriptLocation: string;
  /** The S3 URLs of the SQL files: the job's --extra-files, which Glue copies into the script's working directory. */
  readonly extraFiles: readonly string[];
  readonly created: boolean;
}

/** What the deploy uploads and names the job. */
export interface GlueJobDeployment {
  readonly jobName: string;
  /** The IAM role the job runs as. */
  readonly role: string;
  /** The local glue/transform_job.py. */
  readonly script: string;
  /** The folder of steps.json and the steps' SQL (sql/transform). */
  readonly sqlDir: string;
}

/**
 * Deploys the hourly transform's Glue job: uploads the script and the SQL files it runs (steps.json and each step's
 * file) to `files` (an S3 prefix, flat, as Glue lays them out beside the script), then creates the job, or updates it,
 * to run that script with those files.
 */
export async function deployGlueJob(glue: GlueClient, files: LakeStore, d: GlueJobDeployment): Promise<DeployedGlueJob> {
  const urlOf = (key: string): string => `${files.url.replace(/\/$/, '')}/${key}`;
  const { plan } = await loadTransformSql(d.sqlDir);
  const sqlFiles = ['steps.json', ...plan.steps.map((s) => `${s.name}.sql`)];
  await files.putFile('transform_job.py', d.script);
  for (const name of sqlFiles) await files.putFile(name, join(d.sqlDir, name));
  const scriptLocation = urlOf('transform_job.py');
  const extraFiles = sqlFiles.map(urlOf);
  const job = {
    Role: d.role,
    GlueVersion: GLUE_VERSION,
    Command: { Name: 'glueetl', ScriptLocation: scriptLocation, PythonVersion: '3' },
    DefaultArguments: { '--extra-files': extraFiles.join(','), '--job-language': 'python' },
  };
  const exists = await glue.send(new GetJobCommand({ JobName: d.jobName })).then(
    () => true,
    (err: unknown) => ((err as Error).name === 'EntityNotFoundException' ? false : Promise.reject(err)),
  );
  if (exists) await glue.send(new UpdateJobCommand({ JobName: d.jobName, JobUpdate: job }));
  else await glue.send(new CreateJobCommand({ Name: d.jobName, ...job }));
  return { scriptLocation, extraFiles, created: !exists };
}
