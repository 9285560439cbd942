import type { Command } from 'commander';
import { createGlueClient } from '../../adapters/glue/job-runs';
import { deployGlueJob } from '../../adapters/glue/deploy-job';
import { s3LakeStore } from '../../adapters/lake';
import { createS3Client } from '../../adapters/s3/client';
import { TRANSFORM_JOB_SCRIPT, TRANSFORM_SQL_DIR } from '../../adapters/transform/sql-files';
import { rawSchemasFileText } from '../../domain/etl/glue-run';
import { commandContext } from '../context';

/** `streamify glue deploy | schemas`: the hourly transform's Glue job. */
export function registerGlueCommands(program: Command): void {
  const glue = program.command('glue').description('the Glue job of the hourly transform (GLUE_MODE=aws; GLUE_MODE=spark runs it locally)');
  glue
    .command('deploy')
    .description('upload glue/transform_job.py and the sql/transform files to S3, then create or update GLUE_JOB_NAME to run them')
    .requiredOption('--role <arn>', 'the IAM role the job runs as')
    .option('--files <s3-url>', 'S3 prefix the files go to (default: s3://S3_BUCKET_NAME/glue/GLUE_JOB_NAME)')
    .action(async (opts: { role: string; files?: string }) => {
      const { config } = commandContext('glue');
      const glueClient = createGlueClient(config);
      const files = s3LakeStore(opts.files ?? `s3://${config.s3BucketName}/glue/${config.glueJobName}`, createS3Client(config));
      try {
        const deployed = await deployGlueJob(glueClient, files, {
          jobName: config.glueJobName,
          role: opts.role,
          script: TRANSFORM_JOB_SCRIPT,
          sqlDir: TRANSFORM_SQL_DIR,
        });
        console.log(`${deployed.created ? 'created' : 'updated'} Glue job ${config.glueJobName}: ${deployed.scriptLocation}`);
        console.log(`--extra-files ${deployed.extraFiles.join(',')}`);
      } finally {
        files.close();
        glueClient.destroy();
      }
    });
  glue
    .command('schemas')
    .description('print the raw datasets’ Spark schemas (the source of glue/raw_schemas.json, read by local runs without --raw_schemas)')
    .action(() => {
      process.stdout.write(rawSchemasFileText());
    });
}
