import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { Config } from '../../config';
import { AWS_HTTP_TIMEOUTS, AWS_SDK_MAX_ATTEMPTS } from '../aws/sdk-retries';

/**
 * An S3 client using the SDK's default credential chain (environment, profile, role) unless
 * credentials are given. With S3_ENDPOINT set (moto, MinIO) it uses path-style addressing,
 * which those stores need. The SDK makes AWS_SDK_MAX_ATTEMPTS attempts of a failing call,
 * each bounded by AWS_HTTP_TIMEOUTS.
 */
export function createS3Client(c: Pick<Config, 'awsRegion' | 's3Endpoint'>, credentials?: S3ClientConfig['credentials']): S3Client {
  return new S3Client({
    region: c.awsRegion,
    maxAttempts: AWS_SDK_MAX_ATTEMPTS,
    requestHandler: AWS_HTTP_TIMEOUTS,
    ...(c.s3Endpoint ? { endpoint: c.s3Endpoint, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
  });
}
