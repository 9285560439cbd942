import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Config } from '../../config';
import { AWS_SDK_MAX_ATTEMPTS } from '../aws/sdk-retries';

/**
 * An S3 client using the SDK's default credential chain (environment, profile, role) unless
 * credentials are given. With S3_ENDPOINT set (moto, MinIO) it uses path-style addressing,
 * which those stores need. The SDK retries a failed call AWS_SDK_MAX_ATTEMPTS times in all.
 */
export function createS3Client(c: Pick<Config, 'awsRegion' | 's3Endpoint'>, credentials?: S3ClientConfig['credentials']): S3Client {
  return new S3Client({
    region: c.awsRegion,
    maxAttempts: AWS_SDK_MAX_ATTEMPTS,
    ...(c.s3Endpoint ? { endpoint: c.s3Endpoint, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
  });
}
