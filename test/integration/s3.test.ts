import assert from 'node:assert/strict';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/adapters/s3/client';
import { MOTO_CREDENTIALS } from '../../src/stack';
import { testConfig, uniqueName } from '../support/config';

describe('S3 API on moto', () => {
  const config = testConfig();

  it('round-trips an object through the S3 API', async () => {
    const s3 = createS3Client({ awsRegion: config.awsRegion, s3Endpoint: `http://127.0.0.1:${config.motoPort}` }, MOTO_CREDENTIALS);
    const bucket = uniqueName('roundtrip');
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'raw/hello.json', Body: '{"hello":"s3"}' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'raw/hello.json' }));
      assert.equal(await got.Body?.transformToString(), '{"hello":"s3"}');
    } finally {
      s3.destroy();
    }
  });
});
