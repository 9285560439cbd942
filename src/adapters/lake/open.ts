import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Config } from '../../config';
import { createS3Client } from '../s3/client';
import { localLakeStore } from './local-store';
import { s3LakeStore } from './s3-store';
import type { LakeStore } from './store';

/** The store LAKE_URL names: a local folder for file://, S3 (or S3_ENDPOINT) for s3://. */
export function openLakeStore(
  c: Pick<Config, 'lakeUrl' | 'awsRegion' | 's3Endpoint'>,
  credentials?: S3ClientConfig['credentials'],
): LakeStore {
  return c.lakeUrl.startsWith('s3://') ? s3LakeStore(c.lakeUrl, createS3Client(c, credentials)) : localLakeStore(c.lakeUrl);
}
