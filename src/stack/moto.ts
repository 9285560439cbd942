import { ListBucketsCommand } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import { createS3Client } from '../adapters/s3/client';
import { startDetached } from './process';
import { ensureVenv, venvBin } from './python-venv';
import { managedProcess, type StackService } from './service';

/** Credentials moto accepts; real AWS never sees them. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** moto_server, the local S3 and Glue API for the AWS code paths. */
export function motoService(c: Config): StackService {
  const server = venvBin(c, 'moto_server');
  const proc = managedProcess(c, 'moto', server);
  const url = `http://127.0.0.1:${c.motoPort}`;

  return {
    process: proc,
    ports: [{ port: c.motoPort, setting: 'MOTO_PORT' }],
    endpoints: [{ label: 'S3 and Glue API (moto)', address: url }],
    readyTimeoutMs: 30_000,

    provision: (log) => ensureVenv(c, log),

    async start() {
      return startDetached(proc, server, ['-H', '127.0.0.1', '-p', String(c.motoPort)]);
    },

    async probe() {
      const s3 = createS3Client({ awsRegion: c.awsRegion, s3Endpoint: url }, MOTO_CREDENTIALS);
      try {
        await s3.send(new ListBucketsCommand({}));
      } finally {
        s3.destroy();
      }
    },
  };
}
